// A small HTTP service: GET / answers {"up":"3s"}. The port comes from --port, else $PORT, else 8080.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { since } from "./clock.js";

const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 8080);
const host = values.host ?? process.env.HOST ?? "0.0.0.0";
const started = Date.now();

const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ up: since(started) }));
});
server.listen(port, host, () => console.log(`listening on ${host}:${port} as uid ${process.getuid()}`));

// Node as PID 1 gets no default signal handlers: without these, `docker stop` waits 10s and kills.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
