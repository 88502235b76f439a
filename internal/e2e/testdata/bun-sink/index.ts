// A sink of ours shaped as substreams-sink-clickhouse: its build script compiles it, its start
// script runs the source with bun, its lockfile is npm's, and a module two imports down reads a
// file by its own directory, which a compiled program would not hold.
import { answer } from "./lib/answer.js";

const server = Bun.serve({ port: Number(process.env.PORT ?? 8080), fetch: answer });
console.log(`listening on ${server.port} as uid ${process.getuid?.()}`);
