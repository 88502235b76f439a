import test from 'node:test';
import assert from 'node:assert/strict';
import { forecast, warmest, describe } from '../lib/forecast.js';

test('the warmest city is found', () => {
  assert.equal(warmest().city, 'Nairobi');
  assert.equal(warmest([forecast[1]]).city, 'Oslo');
});

test('a forecast reads as a line', () => {
  assert.equal(describe(forecast[0]), 'Lisbon: 19 °C, sunny');
});
