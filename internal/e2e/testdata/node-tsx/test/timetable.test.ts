import { test } from "node:test";
import { strictEqual } from "node:assert";
import { nextDeparture, Pier } from "../src/timetable";

test("the next ferry from the north pier after nine", () => {
  strictEqual(nextDeparture(Pier.North, 9 * 60), "09:45");
});
