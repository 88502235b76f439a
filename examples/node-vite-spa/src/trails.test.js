import { describe, expect, test } from "vitest";
import { difficulty, findTrail, trails } from "./trails.js";

describe("trails", () => {
  test("every trail is found by its slug", () => {
    for (const t of trails) expect(findTrail(t.slug)).toBe(t);
    expect(findTrail("nowhere")).toBeUndefined();
  });

  test("difficulty follows the climb per kilometre", () => {
    expect(difficulty({ km: 10, climb: 100 })).toBe("easy");
    expect(difficulty({ km: 10, climb: 300 })).toBe("moderate");
    expect(difficulty(findTrail("ridge-loop"))).toBe("hard");
  });
});
