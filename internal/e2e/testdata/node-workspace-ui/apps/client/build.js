// The board's build: writes the page the server serves into dist/, as a bundler would.
const fs = require("node:fs");

fs.mkdirSync("dist", { recursive: true });
fs.writeFileSync("dist/index.html", "<!doctype html><title>Harbour board</title><h1>Tides at Saltcombe</h1>\n");
