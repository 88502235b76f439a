#!/usr/bin/env node
// The published command: it runs from its own directory, as an npm-installed package does,
// and starts the compiled server.
process.chdir(__dirname);
require('./dist/main.js').main(process.argv.slice(2));
