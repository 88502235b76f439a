// GET /?name=x answers an HTML page greeting x. The port comes from --port, else $PORT, else
// 3000; the address from --host, else $HOST.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { page } from "./page.js";

const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const host = values.host ?? process.env.HOST ?? "0.0.0.0";
const started = Date.now();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(page(url.searchParams.get("name"), started));
});

server.listen(port, host, () => {
  console.log(`web listening on ${host}:${port} as uid ${process.getuid?.()}`);
});

// Node as PID 1 gets no default signal handlers: without these, `docker stop` waits 10s and kills.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
