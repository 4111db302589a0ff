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
  // The only POST is the event forwarder, which accepts application/json alone (a cross-site JSON POST needs a CORS
  // preflight, which it never grants), so Astro's origin check adds nothing there and would answer a form-type POST
  // with a plain-text 403 instead of the API's JSON error.
  security: { checkOrigin: false },
  telemetry: false,
});
