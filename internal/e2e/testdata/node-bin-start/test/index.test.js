const test = require('node:test');
const assert = require('node:assert');
const { start } = require('../src/index.js');

test('exports start', () => assert.strictEqual(typeof start, 'function'));
