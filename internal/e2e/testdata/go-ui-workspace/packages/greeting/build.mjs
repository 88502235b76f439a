// Writes dist/index.js: the frontend's build finds it only when this package was built first.
import { mkdirSync, writeFileSync } from "node:fs";

mkdirSync("dist", { recursive: true });
writeFileSync("dist/index.js", 'export const greeting = "hello from packages/greeting, built in the workspace";\n');
