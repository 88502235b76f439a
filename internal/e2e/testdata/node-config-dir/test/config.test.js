const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

test("the first start copies the skeleton", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbour-"));
  process.env.HARBOUR_CONFIG_DIR = path.join(dir, "config");
  const { loadSettings } = require("../lib/config");
  assert.strictEqual(loadSettings().harbour, "Saltcombe");
});
