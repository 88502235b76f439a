// greet builds the service's answer; kept apart from the server so the tests need no socket.
export function greet(name: string | null | undefined): string {
  const who = (name ?? "").trim() || "world";
  return `hello, ${who}`;
}
