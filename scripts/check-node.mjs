// Fails unless this is the project's Node.js line (the `node` devDependency puts Node 24 first on
// the PATH of every npm script). The system Node.js may be older.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(`secotel is developed and tested on Node.js 24 LTS, but this is Node.js ${process.versions.node}.`);
  console.error('Run it through npm (npm test, npm run ...), which uses node_modules/.bin/node, or install Node.js 24.');
  process.exit(1);
}
console.log(`Node.js ${process.versions.node} (${process.execPath})`);
