#!/usr/bin/env node
// The published command: it runs from its own directory, as an npm-installed package does,
// and starts the compiled server with the build's record beside it (build-info.json, which
// package.json's files does not list).
const path = require('node:path');
process.chdir(__dirname);
require('./dist/main.js').main(process.argv.slice(2), path.join(__dirname, 'build-info.json'));
