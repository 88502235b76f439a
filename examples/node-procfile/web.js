// The web process: GET / answers which job the worker does next, GET /healthz "ok".
// The port comes from --port, else $PORT, else 8080.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { job } from "./jobs.js";

const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" } } });
const server = createServer((req, res) => {
  if (req.url === "/healthz") return res.end("ok");
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ process: "web", next: job(1), uid: process.getuid() }));
});
server.listen(Number(values.port ?? process.env.PORT ?? 8080), values.host ?? "0.0.0.0", () =>
  console.log(`web: listening on ${JSON.stringify(server.address())} as uid ${process.getuid()}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
