import { test } from "node:test";
import { strictEqual } from "node:assert";
import { job } from "../jobs.js";

test("jobs alternate between mail and images", () => {
  strictEqual(job(1).task, "resize-image");
  strictEqual(job(2).task, "send-mail");
});
