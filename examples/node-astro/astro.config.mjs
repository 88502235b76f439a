// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// Every page is rendered on request by the standalone server the adapter builds.
export default defineConfig({
  output: 'server',
  adapter: node({
    mode: 'standalone',
  }),
});
