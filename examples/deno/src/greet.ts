// greet is the service's one piece of logic, tested on its own.
export function greet(name?: string | null): string {
  const who = (name ?? "").trim();
  return `hello, ${who === "" ? "world" : who}`;
}
