const http = require('http');
const { departures, next } = require('./departures');

const server = http.createServer((req, res) => {
  const pier = req.url.slice(1);
  const body = pier ? next(pier) : { departures: departures.length, bundled: typeof __webpack_require__ === 'function' };
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body || { error: 'no such pier' }));
});

server.listen(Number(process.env.PORT) || 3000);
