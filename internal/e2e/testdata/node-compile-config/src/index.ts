// No @types/node here: the few names node gives are declared.
declare const require: (id: string) => any;
declare const process: { env: Record<string, string | undefined> };

// node-config loads ./config/default.json (and production.json, NODE_ENV's) from the working
// directory at start: lib/ does not hold it, the image must.
const config = require('config');
const http = require('node:http');

const pier: string = config.get('pier');
const first: string = config.get('firstFerry');

http
  .createServer((_req: unknown, res: { writeHead(code: number, headers: object): void; end(body: string): void }) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pier, first }));
  })
  .listen(Number(process.env.PORT ?? 3000));
