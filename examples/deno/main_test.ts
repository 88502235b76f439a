import { strictEqual } from "node:assert";
import { greet } from "./src/greet.ts";
import { app } from "./main.ts";

Deno.test("greet names who it greets", () => {
  strictEqual(greet("deno"), "hello, deno");
  strictEqual(greet("  "), "hello, world");
});

Deno.test("GET / answers JSON", async () => {
  const res = await app.request("/?name=test");
  strictEqual(res.status, 200);
  strictEqual((await res.json()).message, "hello, test");
});
