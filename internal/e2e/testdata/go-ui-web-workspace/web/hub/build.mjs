// Writes dist/index.html with the text of the sibling package relay-common, which resolves only
// when the workspace's install linked it.
import { mkdirSync, writeFileSync } from "node:fs";
import { greeting } from "relay-common";

mkdirSync("dist", { recursive: true });
writeFileSync("dist/index.html", `<!doctype html><title>hub</title><p>${greeting}</p>\n`);
