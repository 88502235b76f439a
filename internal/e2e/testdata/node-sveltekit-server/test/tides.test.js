import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tides } from '../src/lib/tides.js';

test('every pier has a high water time', () => {
	for (const t of tides) assert.match(t.highWater, /^\d\d:\d\d$/);
});
