// The worker process: works off a job every 200 ms and logs each, until stopped.
import { job } from "./jobs.js";

let n = 0;
const timer = setInterval(() => {
  n += 1;
  console.log(`worker: job ${n} (${job(n).task}) done as uid ${process.getuid()}`);
}, 200);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { clearInterval(timer); process.exit(0); });
