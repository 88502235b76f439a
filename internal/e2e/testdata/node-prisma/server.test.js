const test = require("node:test");
const assert = require("node:assert");
const { Prisma } = require("@prisma/client");

test("the client has the schema's models", () => {
  assert.deepStrictEqual(Object.keys(Prisma.ModelName), ["Note", "Tag"]);
});
