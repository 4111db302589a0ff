/// <reference path="../.astro/types.d.ts" />
type Runtime = import('@astrojs/cloudflare').Runtime<import('./lib/site-env').SiteEnv>;
declare namespace App {
  interface Locals extends Runtime {}
}
