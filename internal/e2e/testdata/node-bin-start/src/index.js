const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

// start serves the tide table of data/, read beside the build as the published package has it.
exports.start = () => {
  const tides = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'data', 'tides.json'), 'utf8'));
  http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ command: process.argv[2], ...tides }));
  }).listen(Number(process.env.PORT) || 3000);
};
