import ms from "ms";
import { greet } from "@bunpnpm/greet";

// Bun's own server: this package runs on bun, inside a pnpm workspace. The tests give the port
// as `--port N`; PORT otherwise.
const flag = process.argv.indexOf("--port");
const port = Number(flag > 0 ? process.argv[flag + 1] : (process.env.PORT ?? 3000));
const server = Bun.serve({
  port,
  hostname: "127.0.0.1",
  fetch(req) {
    const name = new URL(req.url).searchParams.get("name") ?? "world";
    return Response.json({ message: greet(name), wait: ms("2m") });
  },
});
console.log(`listening on ${server.port}`);
