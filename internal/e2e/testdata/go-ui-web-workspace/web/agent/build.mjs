// Writes dist/index.html with the text of the sibling package relay-common, as the hub's does.
import { mkdirSync, writeFileSync } from "node:fs";
import { greeting } from "relay-common";

mkdirSync("dist", { recursive: true });
writeFileSync("dist/index.html", `<!doctype html><title>agent</title><p>the agent's UI: ${greeting}</p>\n`);
