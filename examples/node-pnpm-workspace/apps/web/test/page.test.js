// Tests of the compiled page: the tester stage runs them after the build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { page } from "../dist/page.js";

test("greets by name, escaped", () => {
  assert.match(page("<e2e>", 0, 0), /<h1>hello, &lt;e2e&gt;<\/h1>/);
});

test("says how long it has been up", () => {
  assert.match(page(null, 0, 3000), /up for 3s/);
});
