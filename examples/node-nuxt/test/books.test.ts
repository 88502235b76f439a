// node --test runs TypeScript files directly (Node.js 24 strips the types).
import test from 'node:test';
import assert from 'node:assert/strict';
import { books, pagesLeft } from '../shared/utils/books.ts';

test('pages left count only unread books', () => {
  assert.equal(pagesLeft(), 272 + 264);
  assert.equal(pagesLeft(books.filter((b) => b.read)), 0);
});
