// What both apps say: a greeting, and how long they have been up.
import ms from "ms";

export function greet(name: string | null | undefined): string {
  const who = (name ?? "").trim() || "world";
  return `hello, ${who}`;
}

export function uptime(since: number, now: number = Date.now()): string {
  return ms(Math.max(0, now - since));
}
