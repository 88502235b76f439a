import { test } from "node:test";
import assert from "node:assert/strict";
import { since } from "../src/clock.js";

test("formats seconds", () => {
  assert.equal(since(0, 3000), "3s");
});

test("never goes negative", () => {
  assert.equal(since(5000, 0), "0ms");
});
