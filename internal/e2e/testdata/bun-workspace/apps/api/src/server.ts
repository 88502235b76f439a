// A small HTTP service of a Bun workspace: GET /?name=x answers
// {"message":"hello, x","banner":"built by greet","uptime":"...","written":"written at start"}, the greeting and the banner
// its build wrote from the workspace package @bunws/greet,
// the uptime written by ms, and started.txt, which it writes in its working directory at start
// (the package's directory, which the image gives the runtime user's group). The port comes from --port, else $PORT, else 3000; the address from
// --host, else $HOST.
import { parseArgs } from "node:util";
import ms from "ms";
import { banner, greet } from "@bunws/greet";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { port: { type: "string" }, host: { type: "string" } },
});

const started = Date.now();
await Bun.write("started.txt", "written at start");
const written = await Bun.file("started.txt").text();
const server = Bun.serve({
  port: Number(values.port ?? process.env.PORT ?? 3000),
  hostname: values.host ?? process.env.HOST ?? "0.0.0.0",
  fetch(req) {
    const name = new URL(req.url).searchParams.get("name") ?? undefined;
    return Response.json({ message: greet(name), banner, uptime: ms(Date.now() - started + 1000), cwd: process.cwd(), written });
  },
});
console.log(`listening on ${server.hostname}:${server.port} as uid ${process.getuid?.()}`);

// As PID 1 a process gets no default signal handlers: stop at once on `docker stop`.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
