// since formats how long ago a moment was, e.g. "3s".
import ms from "ms";

export function since(start, now = Date.now()) {
  return ms(Math.max(0, now - start));
}
