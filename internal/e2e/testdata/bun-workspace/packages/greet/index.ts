// The greeting the workspace's apps share.
export function greet(name?: string): string {
  return `hello, ${name || "world"}`;
}
