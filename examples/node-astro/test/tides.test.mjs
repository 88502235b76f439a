import test from 'node:test';
import assert from 'node:assert/strict';
import { harbour, range } from '../src/lib/tides.mjs';

test('an unknown harbour is Lowmoor', () => {
  assert.equal(harbour('nowhere').name, 'Lowmoor');
});

test('the range spans the highest and lowest water', () => {
  assert.equal(range(harbour('lowmoor')), 3.7);
  assert.equal(range(harbour('saltcombe')), 3.2);
});
