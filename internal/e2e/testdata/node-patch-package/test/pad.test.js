const test = require('node:test');
const assert = require('node:assert');

test('the patch is applied', () => {
  assert.strictEqual(require('left-pad/patched.js'), 'patched by patch-package');
});
