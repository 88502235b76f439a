'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { signals } = require('./signals');

// index.js runs main with the command line's arguments (`start` serves the board) and the
// build's record, read at start
exports.main = (args, infoFile) => {
  if (args[0] !== 'start') {
    throw new Error('usage: harbour-signals start');
  }
  const page = fs.readFileSync(path.join(__dirname, '..', 'public', 'index.html'), 'utf8');
  const info = fs.readFileSync(infoFile, 'utf8');
  http
    .createServer((req, res) => {
      const json = req.url === '/signals' || req.url === '/build-info';
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'text/html' });
      res.end(req.url === '/build-info' ? info : json ? JSON.stringify({ built: exports.built, signals }) : page);
    })
    .listen(Number(process.env.PORT || 3000));
};
