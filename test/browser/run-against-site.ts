/**
 * Shared runner of the screenshot and benchmark scripts: the site to use (SITE_URL + API_URL when both are given,
 * else a fresh browser-test stack), a browser, real sample entities; everything closed afterwards, exit code set.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { findSample, type Sample } from './sample';
import { startStack, type Stack } from './stack';

export interface SiteRun { siteUrl: string; apiUrl: string; browser: Browser; sample: Sample }

export function runAgainstSite(job: (run: SiteRun) => Promise<void>): void {
  const main = async () => {
    const given = process.env.SITE_URL && process.env.API_URL;
    const stack: Stack | undefined = given ? undefined : await startStack();
    const siteUrl = given ? process.env.SITE_URL! : stack!.siteUrl;
    const apiUrl = given ? process.env.API_URL! : stack!.apiUrl;
    const browser = await launchBrowser();
    try {
      await job({ siteUrl, apiUrl, browser, sample: await findSample(apiUrl) });
    } finally {
      await browser.close();
      await stack?.close();
    }
  };
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
