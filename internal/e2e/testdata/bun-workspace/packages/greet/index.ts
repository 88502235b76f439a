// The greeting the workspace's apps share, and the banner this package's build writes.
import { readFileSync } from "node:fs";

export const banner = readFileSync(new URL("./dist/banner.txt", import.meta.url), "utf8").trim();

export function greet(name?: string): string {
  return `hello, ${name || "world"}`;
}
