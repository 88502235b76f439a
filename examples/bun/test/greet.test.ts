import { describe, expect, test } from "bun:test";
import { greet } from "../src/greet";

describe("greet", () => {
  test("names who asked", () => {
    expect(greet("bun")).toBe("hello, bun");
  });

  test("greets the world when nobody is named", () => {
    expect(greet(null)).toBe("hello, world");
    expect(greet("  ")).toBe("hello, world");
  });
});
