// A small HTTP service: GET /?name=x answers {"message":"hello, x","bun":"1.4.5"}.
// The port comes from --port, else $PORT, else 3000; the address from --host, else $HOST.
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { greet } from "./greet";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { port: { type: "string" }, host: { type: "string" } },
});

export const app = new Hono();
app.get("/", (c) => c.json({ message: greet(c.req.query("name")), bun: Bun.version }));
app.get("/healthz", (c) => c.text("ok"));

const server = Bun.serve({
  port: Number(values.port ?? process.env.PORT ?? 3000),
  hostname: values.host ?? process.env.HOST ?? "0.0.0.0",
  fetch: app.fetch,
});
console.log(`listening on ${server.hostname}:${server.port} as uid ${process.getuid?.()}`);

// As PID 1 a process gets no default signal handlers: stop at once on `docker stop`.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
