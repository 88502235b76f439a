const { test } = require('node:test');
const assert = require('node:assert');

test('the page names the harbour', () => {
  assert.match(require('node:fs').readFileSync(__dirname + '/../public/index.html', 'utf8'), /Saltcombe/);
});
