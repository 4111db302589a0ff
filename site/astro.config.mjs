// Astro site: server-rendered on Cloudflare Workers; all data comes from the API Worker (service binding `API`).
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';

export default defineConfig({
  output: 'server',
  adapter: cloudflare({ imageService: 'passthrough', platformProxy: { enabled: false } }),
  site: process.env.PUBLIC_SITE_URL || 'http://127.0.0.1:8788',
  trailingSlash: 'never',
  build: { inlineStylesheets: 'always' },
  // Prefetch would multiply API load on long tables (original-web §12.14).
  prefetch: false,
  devToolbar: { enabled: false },
  telemetry: false,
});
