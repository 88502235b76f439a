// Bundles src/app.js under a content-hashed name into dist/assets/ and writes dist/index.html
// loading it, as a bundler's production build does.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const outdir = "dist";
const app = readFileSync("src/app.js");
const name = `app-${createHash("sha256").update(app).digest("hex").slice(0, 8)}.js`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(`${outdir}/assets`, { recursive: true });
writeFileSync(`${outdir}/assets/${name}`, app);
const page = readFileSync("index.html", "utf8").replace("/src/app.js", `/assets/${name}`);
writeFileSync(`${outdir}/index.html`, page);
console.log(`built ${outdir}/index.html and ${outdir}/assets/${name}`);
