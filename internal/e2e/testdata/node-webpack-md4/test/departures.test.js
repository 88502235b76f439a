const test = require('node:test');
const assert = require('node:assert');
const { next } = require('../src/departures');

test('the next departure from a pier', () => {
  assert.deepStrictEqual(next('lowmoor'), { pier: 'Lowmoor', time: '08:40' });
  assert.strictEqual(next('nowhere'), null);
});
