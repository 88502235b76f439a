const { test } = require("node:test");
const assert = require("node:assert/strict");
const { answer } = require("../lib/answer");

test("reports the user agent and the uptime", () => {
  assert.deepEqual(answer({ "user-agent": "e2e" }, 2000), { agent: "e2e", up: "2s" });
});

test("copes with a request without a user agent", () => {
  assert.equal(answer({}, 0).agent, "unknown");
});
