import { test } from "node:test";
import assert from "node:assert/strict";
import { createApp } from "../src/app.js";

// the app on an ephemeral port of the loopback interface, for one request
async function get(path) {
  const server = createApp(0).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${server.address().port}${path}`);
    return { status: res.status, body: await res.text() };
  } finally {
    server.close();
  }
}

test("greets by name", async () => {
  const { status, body } = await get("/?name=e2e");
  assert.equal(status, 200);
  assert.equal(JSON.parse(body).message, "hello, e2e");
});

test("answers its health check", async () => {
  assert.deepEqual(await get("/healthz"), { status: 200, body: "ok" });
});
