// Two node:cluster workers serving the Express 5 app on one port. The primary has no SIGTERM
// listener of its own unless CLUSTER_PRIMARY=kill-workers: then it kills its workers and exits
// when they have, the usual hand-written primary.
const cluster = require('node:cluster');

if (cluster.isPrimary) {
  const workers = [cluster.fork(), cluster.fork()];
  let listening = 0;
  cluster.on('listening', (worker, { port }) => {
    if (++listening < 2) return;
    const pids = workers.map((w) => w.process.pid).join(',');
    console.log(`cluster primary ${process.pid} with workers ${pids} listening on http://127.0.0.1:${port}`);
  });
  if (process.env.CLUSTER_PRIMARY === 'kill-workers') {
    process.on('SIGTERM', () => {
      for (const worker of Object.values(cluster.workers)) worker.kill('SIGTERM');
    });
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
    });
  }
} else {
  require('./express-app.cjs')(require('express'));
}
