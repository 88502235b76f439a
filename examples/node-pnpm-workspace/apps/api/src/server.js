// GET /?name=x answers {"service":"api","message":"hello, x",...}. The port comes from --port,
// else $PORT, else 3000; the address from --host, else $HOST.
import { parseArgs } from "node:util";
import { createApp } from "./app.js";

const { values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const host = values.host ?? process.env.HOST ?? "0.0.0.0";

const server = createApp().listen(port, host, () => {
  console.log(`api listening on ${host}:${port} as uid ${process.getuid?.()}`);
});

// Node as PID 1 gets no default signal handlers: without these, `docker stop` waits 10s and kills.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
