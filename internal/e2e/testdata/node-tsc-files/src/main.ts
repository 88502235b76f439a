import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tides } from './tides';

// dist/main.js reads the page beside the build, from the project's public/
const publicDir = join(__dirname, '..', 'public');

createServer((req, res) => {
  if (req.url === '/tides') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(tides));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(readFileSync(join(publicDir, 'index.html'), 'utf8'));
}).listen(Number(process.env.PORT ?? 3000));
