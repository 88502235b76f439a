const { test } = require('node:test');
const assert = require('node:assert');
const { readFileSync } = require('node:fs');

test('the pier is named', () => {
  assert.equal(JSON.parse(readFileSync('config/default.json', 'utf8')).pier, 'Saltcombe');
});
