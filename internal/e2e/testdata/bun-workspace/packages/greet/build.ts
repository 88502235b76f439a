// greet's build script: writes dist/banner.txt, which index.ts reads when it is imported, as a
// server reads what another package of its workspace built (a UI bundle in dist/).
import { mkdirSync, writeFileSync } from "node:fs";

mkdirSync(new URL("./dist/", import.meta.url), { recursive: true });
writeFileSync(new URL("./dist/banner.txt", import.meta.url), "built by greet\n");
