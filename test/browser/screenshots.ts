/**
 * `npm run screenshots`: every page at desktop and phone widths into screenshots/ (git-ignored).
 * Uses SITE_URL + API_URL when both are given (e.g. a running `npm start`), else starts the browser-test stack.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEWPORTS } from './browser';
import { runAgainstSite } from './run-against-site';
import { mainPages, notFollowedPlayerId } from './sample';

const OUT = fileURLToPath(new URL('../../screenshots/', import.meta.url));

runAgainstSite(async ({ siteUrl, browser, sample: s }) => {
  const surname = s.player.name.split(' ').pop()!;
  const pages: [string, string][] = [
    ...mainPages(s),
    ['compare-pick', `/compare?p1=${s.player.slug}&q2=${encodeURIComponent(s.other.name.split(' ').pop()!)}`],
    ['search', `/search?q=${encodeURIComponent(surname)}`],
    ['player-not-followed', `/p/${notFollowedPlayerId()}`],
    ['not-found', '/p/no-such-player'],
    ['bad-request', '/market?horizon=45'],
  ];
  mkdirSync(OUT, { recursive: true });
  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    // A watched player, so the watchlist shows rows rather than its empty state.
    await context.addInitScript((item) => {
      if (!localStorage.getItem('tl_watchlist')) localStorage.setItem('tl_watchlist', JSON.stringify([item]));
    }, { playerId: s.player.id, slug: s.player.slug, playerName: s.player.name, clubName: s.club.name, position: null, addedAt: new Date().toISOString() });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      await page.goto(`${siteUrl}${path}`, { waitUntil: 'networkidle' });
      const file = join(OUT, `${name}-${vpName}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot ${file}`);
    }
    await context.close();
  }
});
