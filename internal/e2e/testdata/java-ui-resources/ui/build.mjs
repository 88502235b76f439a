// The UI's build: writes dist/index.html, which the Maven build packages into the jar.
import { mkdirSync, writeFileSync } from "node:fs";

mkdirSync("dist", { recursive: true });
writeFileSync("dist/index.html", "<!doctype html><title>shop</title><p>built by the UI's build</p>\n");
