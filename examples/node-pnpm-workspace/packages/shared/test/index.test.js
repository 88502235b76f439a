import { test } from "node:test";
import assert from "node:assert/strict";
import { greet, uptime } from "../dist/index.js";

test("greets by name, else the world", () => {
  assert.equal(greet("e2e"), "hello, e2e");
  assert.equal(greet("  "), "hello, world");
});

test("uptime never goes negative", () => {
  assert.equal(uptime(5000, 0), "0ms");
  assert.equal(uptime(0, 3000), "3s");
});
