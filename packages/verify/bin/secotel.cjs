#!/usr/bin/env node
require("../dist/cjs/cli.js").main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
