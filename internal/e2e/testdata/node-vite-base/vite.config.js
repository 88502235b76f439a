import { defineConfig } from "vite";

// Served under /harbour/, as a project site on GitHub Pages would be: every URL Vite writes into
// index.html starts with it.
export default defineConfig({
  base: "/harbour/",
  build: { sourcemap: false },
});
