/** Bindings and vars the site Worker reads (wrangler.toml). */
export interface SiteEnv {
  /** Service binding to the API Worker; absent when the site runs without one (then PUBLIC_API_URL is used). */
  API?: Fetcher;
  ASSETS?: Fetcher;
  PUBLIC_SITE_URL?: string;
  PUBLIC_API_URL?: string;
}
