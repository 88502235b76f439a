import { test } from "node:test";
import assert from "node:assert/strict";
import { ticketHTML } from "../tickets.js";

test("a ticket names its route and seat", () => {
  const html = ticketHTML({ from: "Saltcombe", to: "Lowmoor", seat: "12A" });
  assert.match(html, /Saltcombe to Lowmoor/);
  assert.match(html, /Seat 12A/);
});
