// The page, apart from the listener so the tests need no socket.
import { htmlEscape as escape } from "escape-goat";
import { greet, uptime } from "@acme/shared";

export function page(name: string | null, started: number, now: number = Date.now()): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>acme</title></head>
<body>
<h1>${escape(greet(name))}</h1>
<p>up for ${escape(uptime(started, now))}</p>
</body>
</html>
`;
}
