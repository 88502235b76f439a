// A Bun server built into dist/ by its build script and started by a start script that sets
// variables first (`NODE_ENV=production GREETING=hello bun dist/index.js`), while package.json's
// "module" names src/index.js, a file the project has not got. GET / answers the greeting the
// start script sets and whether is-number carries the project's patch (patches/, applied by
// `bun install` from patchedDependencies), with a message the server reads at start from
// messages/ (src/messages.ts). The port comes from --port, else $PORT, else 3000.
import { parseArgs } from "node:util";
import isNumber from "is-number";
import { patchedMessage } from "./messages";

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { port: { type: "string" } } });

const server = Bun.serve({
  port: Number(values.port ?? process.env.PORT ?? 3000),
  hostname: "127.0.0.1",
  fetch() {
    const patched = (isNumber as unknown as { patched?: boolean }).patched === true;
    return Response.json({ greeting: process.env.GREETING ?? "unset", patched, seven: isNumber(7), message: patchedMessage });
  },
});
console.log(`listening on ${server.hostname}:${server.port} as uid ${process.getuid?.()}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
