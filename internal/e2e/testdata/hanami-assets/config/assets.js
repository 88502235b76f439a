// Runs hanami-assets' esbuild build for the directory `hanami assets compile` names.
import * as assets from "hanami-assets";

await assets.run();
