// Astro site: server-rendered on Cloudflare Workers; all data comes from the API Worker (service binding `API`).
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';

export default defineConfig({
  output: 'server',
  adapter: cloudflare({ imageService: 'passthrough', platformProxy: { enabled: false } }),
  site: process.env.PUBLIC_SITE_URL || 'http://127.0.0.1:8788',
  trailingSlash: 'never',
  // The browser-test stack builds into its own folder so it never overwrites the `npm start` build.
  outDir: process.env.SITE_OUT_DIR || './dist',
  build: { inlineStylesheets: 'always' },
  // Prefetch would multiply API load on long tables (original-web §12.14).
  prefetch: false,
  devToolbar: { enabled: false },
  telemetry: false,
});
