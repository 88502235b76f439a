// A server that answers with a padded line, and what the patch added to left-pad.
const http = require('node:http');
const leftPad = require('left-pad');
const patched = require('left-pad/patched.js');

const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => {
  res.end(leftPad('ok', 6, '.') + ' ' + patched + '\n');
}).listen(port, '0.0.0.0');
