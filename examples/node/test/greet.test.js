// Tests of the compiled module: the tester stage runs them after the build script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { greet } from "../dist/greet.js";

test("greets by name", () => {
  assert.equal(greet("e2e"), "hello, e2e");
});

test("greets the world when no name is given", () => {
  assert.equal(greet(null), "hello, world");
  assert.equal(greet("   "), "hello, world");
});
