// The work both processes share: the web process describes a job, the worker does it.
export function job(n) {
  return { id: n, task: n % 2 === 0 ? "send-mail" : "resize-image" };
}
