const test = require('node:test');
const assert = require('node:assert/strict');
const { trails, findTrail } = require('../routes/data');

test('trails are listed longest first', () => {
  assert.deepEqual(trails.map((t) => t.id), ['ridge', 'lake', 'falls']);
});

test('a trail is found by its id', () => {
  assert.equal(findTrail('lake').km, 8.5);
  assert.equal(findTrail('nowhere'), undefined);
});
