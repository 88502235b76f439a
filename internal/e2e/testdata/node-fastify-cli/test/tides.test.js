'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { nextHighWater } = require('../tides')

test('high water at a known harbour', () => {
  assert.equal(nextHighWater('Saltcombe'), '06:12')
  assert.equal(nextHighWater('Gull Island'), 'unknown')
})
