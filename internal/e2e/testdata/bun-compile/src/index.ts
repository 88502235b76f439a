// A Bun server compiled into one executable by its build script (bun build --compile): GET /
// answers {"uptime":"...","compiled":true,"uid":...}, the uptime written by ms, which the
// executable holds (the image has no node_modules). Bun serves the default export, on $PORT.
import ms from "ms";

const started = Date.now();
console.log(`starting as uid ${process.getuid?.()} on port ${process.env.PORT ?? 3000}`);

export default {
  port: Number(process.env.PORT ?? 3000),
  fetch() {
    return Response.json({
      uptime: ms(Date.now() - started + 1000),
      // a compiled program's modules live in bun's embedded file system
      compiled: import.meta.url.includes("$bunfs") || import.meta.url.includes("~BUN"),
      uid: process.getuid?.(),
    });
  },
};
