// A small HTTP service: GET /?name=x answers {"message":"hello, x","deno":"2.9.6"}.
// The port comes from --port, else $PORT, else 8000; the address from --host, else $HOST.
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { greet } from "./src/greet.ts";

export const app = new Hono();
app.get("/", (c) => c.json({ message: greet(c.req.query("name")), deno: Deno.version.deno }));
app.get("/healthz", (c) => c.text("ok"));

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { port: { type: "string" }, host: { type: "string" } } });
  Deno.serve({
    port: Number(values.port ?? Deno.env.get("PORT") ?? 8000),
    hostname: values.host ?? Deno.env.get("HOST") ?? "0.0.0.0",
    onListen: ({ hostname, port }) => console.log(`listening on ${hostname}:${port} as uid ${Deno.uid()}`),
  }, app.fetch);
}
