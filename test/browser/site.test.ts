/**
 * The site in a real browser (Debian Chromium) against the local stack with real data: search, player page, market
 * filters, watchlist, compare, time travel, share cards, accessibility and tracking. Every test fails on a console
 * error, an uncaught exception, a failed request or an unexpected HTTP error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { axeViolations, pngSize, watchedPage, type Watched } from './harness';
import { findSample, notFollowedPlayerId, type Sample } from './sample';

const site = inject('siteUrl');
const api = inject('apiUrl');
let browser: Browser;
let sample: Sample;
let current: Watched | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  sample = await findSample(api);
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  const problems = current?.problems ?? [];
  await current?.context.close();
  current = undefined;
  expect(problems).toEqual([]);
});

async function open(opts?: Parameters<typeof watchedPage>[1]) {
  current = await watchedPage(browser, opts);
  return current;
}

const surname = (name: string) => name.split(' ').pop()!;
const pct = /^\d{1,3}\.\d%/;

describe('search', () => {
  it('finds a real player from the home page and opens his page with probabilities', async () => {
    const { page } = await open();
    await page.goto(site);
    const box = page.getByRole('combobox', { name: 'Search players and clubs' }).nth(1);
    await box.fill(surname(sample.player.name));
    const option = page.getByRole('option', { name: new RegExp(sample.player.name) });
    await option.waitFor();
    await box.press('ArrowDown');
    // The highlighted option may not be the first; walk down to the player.
    for (let i = 0; i < 8 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await box.press('ArrowDown');
    await Promise.all([page.waitForURL(`**/p/${sample.player.slug}`), box.press('Enter')]);
    expect(await page.locator('h1').innerText()).toContain(sample.player.name);
    expect(await page.getByTestId('p-any-90').locator('.num').innerText()).toMatch(pct);
    expect(await page.locator('#prob-history svg').count()).toBe(1);
  });

  it('works without JavaScript through the search page', async () => {
    const { page } = await open();
    await page.goto(`${site}/search?q=${encodeURIComponent(surname(sample.player.name))}`);
    await page.getByRole('link', { name: sample.player.name }).first().click();
    await page.waitForURL(`**/p/${sample.player.slug}`);
  });
});

describe('market', () => {
  it('applies filters and sorting through the URL', async () => {
    const { page } = await open();
    await page.goto(`${site}/market`);
    const rows = page.locator('table.data-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);

    await Promise.all([page.waitForURL(/horizon=30/), page.getByLabel('Horizon').selectOption('30')]);
    await Promise.all([page.waitForURL(/league=GB1/), page.getByLabel('League').selectOption('GB1')]);
    await Promise.all([page.waitForURL(/min_prob=0\.2/), page.getByLabel('Min probability').selectOption('0.2')]);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ horizon: '30', league: 'GB1', min_prob: '0.2' });
    expect(await page.getByRole('heading', { name: /30 days/ }).count()).toBe(1);
    const probs = await page.locator('table.data-table tbody td.r .prob .num').allInnerTexts();
    for (const p of probs) expect(parseFloat(p)).toBeGreaterThanOrEqual(20);

    await Promise.all([page.waitForURL(/sort=market_value/), page.getByRole('link', { name: 'Value' }).click()]);
    const values = await page.locator('table.data-table tbody tr').count();
    expect(values).toBeGreaterThanOrEqual(0);
    expect(new URL(page.url()).searchParams.get('horizon')).toBe('30');

    await Promise.all([page.waitForURL(`${site}/market`), page.getByRole('link', { name: 'Clear all' }).click()]);
  });

  it('rejects an impossible filter with a 400 page that says what was wrong', async () => {
    const { page, allow } = await open();
    allow('/market?horizon=45', 400);
    const res = await page.goto(`${site}/market?horizon=45`);
    expect(res?.status()).toBe(400);
    expect(await page.getByTestId('error-detail').innerText()).toMatch(/horizon/);
  });

  it('keeps the probability column on a phone screen; a page number without a cursor is page 1', async () => {
    const { page } = await open({ phone: true });
    await page.goto(`${site}/market?page=2`);
    expect(await page.getByTestId('market-summary').innerText()).toMatch(/^Rows 1–/);
    const box = (await page.getByRole('columnheader', { name: 'Probability' }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await Promise.all([page.waitForURL(/cursor=/), page.getByRole('link', { name: 'Next page →' }).click()]);
    expect(await page.getByTestId('market-summary').innerText()).toMatch(/^Rows 51–/);
    expect(await page.getByRole('link', { name: '← First page' }).getAttribute('href')).toBe('/market');
  });
});

describe('watchlist', () => {
  it('adds a player from his page and removes him on the watchlist page', async () => {
    const { page } = await open();
    await page.goto(`${site}/p/${sample.player.slug}`);
    const watch = page.getByRole('button', { name: /Watch/ });
    expect(await watch.getAttribute('aria-pressed')).toBe('false');
    await watch.click();
    expect(await watch.getAttribute('aria-pressed')).toBe('true');
    expect(await watch.innerText()).toContain('Watching');

    await page.goto(`${site}/watchlist`);
    const row = page.locator('tbody tr', { hasText: sample.player.name });
    await row.waitFor();
    expect(await row.locator('.prob .num').first().innerText()).toMatch(pct);
    expect(await page.getByRole('heading', { name: 'No players in your watchlist' }).isVisible()).toBe(false);
    await row.getByRole('button', { name: `Remove ${sample.player.name} from watchlist` }).click();
    await page.getByRole('heading', { name: 'No players in your watchlist' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('tl_watchlist'))).toBe('[]');

    await page.goto(`${site}/p/${sample.player.slug}`);
    expect(await page.getByRole('button', { name: /Watch/ }).getAttribute('aria-pressed')).toBe('false');
  });
});

describe('compare', () => {
  it('picks a second player and shows both side by side, with the state in the URL', async () => {
    const { page } = await open();
    await page.goto(`${site}/p/${sample.player.slug}`);
    await Promise.all([page.waitForURL(/\/compare\?p1=/), page.locator('.head .actions').getByRole('link', { name: 'Compare' }).click()]);
    await page.getByLabel('Select second player').fill(surname(sample.other.name));
    await Promise.all([page.waitForURL(/q2=/), page.getByRole('button', { name: 'Find' }).click()]);
    await Promise.all([page.waitForURL(/p2=/), page.getByRole('link', { name: sample.other.name }).first().click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get('p1')).toBe(sample.player.slug);
    expect(url.searchParams.get('p2')).toBe(sample.other.slug);
    const table = page.getByRole('table', { name: `${sample.player.name} compared with ${sample.other.name}` });
    expect(await table.locator('thead').textContent()).toContain(sample.other.name);
    expect(await table.locator('tr', { hasText: 'P(any move) 90 days' }).locator('.prob .num').count()).toBe(2);
  });
});

describe('time travel', () => {
  it('shows a past view with a banner, and keeps as_of in links, the canonical URL and the share link', async () => {
    const { page } = await open();
    const asOf = sample.pastDate;
    await page.goto(`${site}/p/${sample.player.slug}?as_of=${asOf}`);
    expect(await page.getByRole('status').filter({ hasText: 'Viewing the past' }).innerText()).toContain('30 Jun 2024');
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toContain(`as_of=${asOf}`);
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toContain(`as_of=${asOf}`);
    expect(await page.locator('[data-share]').getAttribute('data-url')).toContain(`as_of=${asOf}`);
    // Probabilities shown are the ones published on or before that date.
    const shownAsOf = (await page.getByTestId('predictions-as-of').innerText()).replace('as of ', '');
    expect(new Date(`${shownAsOf} UTC`).getTime()).toBeLessThanOrEqual(Date.parse(`${asOf}T00:00:00Z`));
    expect(await page.getByTestId('p-any-90').locator('.num').innerText()).toMatch(pct);
    const clubHref = await page.locator('.who a').first().getAttribute('href');
    expect(clubHref).toContain(`as_of=${asOf}`);
    // Nothing dated after as_of may show: every transfer in the history is on or before it.
    const dates = await page.locator('#transfers .sub.num').allInnerTexts();
    for (const d of dates) expect(new Date(`${d} UTC`).getTime()).toBeLessThanOrEqual(Date.parse(`${asOf}T23:59:59Z`));
    await Promise.all([page.waitForURL(`**/p/${sample.player.slug}`), page.getByRole('link', { name: 'View latest' }).click()]);
    expect(await page.getByRole('status').filter({ hasText: 'Viewing the past' }).count()).toBe(0);
  });

  it('states the latest data date in a past view, apart from the date viewed, and keeps as_of in the footer', async () => {
    const { page } = await open();
    await page.goto(`${site}/market`);
    const latest = await page.getByTestId('data-through').innerText();
    await page.goto(`${site}/market?as_of=${sample.pastDate}`);
    expect(await page.getByTestId('data-through').innerText()).toBe(latest);
    expect(latest).not.toBe('30 Jun 2024');
    expect(await page.getByTestId('viewing-as-of').innerText()).toBe('30 Jun 2024');
    expect(await page.getByRole('link', { name: 'How accurate is this?' }).getAttribute('href')).toBe(`/accuracy?as_of=${sample.pastDate}`);
  });

  it('says "No prediction as of <date>" on a player page before any prediction was published', async () => {
    const { page } = await open();
    await page.goto(`${site}/p/${sample.player.slug}?as_of=2020-01-01`);
    expect(await page.getByTestId('no-prediction').innerText()).toBe('No prediction as of 1 Jan 2020.');
    expect(await page.getByTestId('p-any-90').count()).toBe(0);
  });

  it('answers a date the API cannot serve with a 400 page, not panels of API errors', async () => {
    const { page, allow } = await open();
    allow('/?as_of=1800-01-01', 400);
    const res = await page.goto(`${site}/?as_of=1800-01-01`);
    expect(res?.status()).toBe(400);
    expect(await page.getByTestId('error-detail').innerText()).toMatch(/1900-01-01/);
  });
});

describe('a player the data source stopped following', () => {
  it('says so on his page from the day it is known, and not for a player still followed', async () => {
    const { page } = await open();
    const id = notFollowedPlayerId();
    await page.goto(`${site}/p/${id}`);
    const note = page.getByTestId('not-followed');
    expect(await note.innerText()).toMatch(/stopped recording .+ moves on \d{1,2} \w+ 2024, when he left the leagues it covers/);
    // Before the data's snapshot (when the source's stop was learned) nothing says so.
    await page.goto(`${site}/p/${id}?as_of=${sample.pastDate}`);
    expect(await page.getByTestId('not-followed').count()).toBe(0);
    await page.goto(`${site}/p/${sample.player.slug}`);
    expect(await page.getByTestId('not-followed').count()).toBe(0);
  });
});

describe('share cards', () => {
  it.each(['player', 'club'] as const)('renders a 1200x630 PNG for a %s, cacheable at the edge', async (kind) => {
    const slug = kind === 'player' ? sample.player.slug : sample.club.slug;
    const res = await fetch(`${site}/og/${kind}/${slug}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
  });

  it('a card without a probability (a date before any prediction) is short-lived; a live card expires in minutes', async () => {
    const empty = await fetch(`${site}/og/player/${sample.player.slug}.png?as_of=2020-01-01`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300');
    const live = await fetch(`${site}/og/player/${sample.player.slug}.png`);
    expect(live.headers.get('cache-control')).toBe('public, max-age=600, s-maxage=600');
  });

  it('every page points og:image and the canonical URL at the public site', async () => {
    const { page } = await open();
    await page.goto(`${site}/p/${sample.player.slug}`);
    const og = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(og).toBe(`${site}/og/player/${sample.player.slug}.png`);
    expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(`${site}/p/${sample.player.slug}`);
  });
});

describe('errors', () => {
  it('shows status pseudo-clubs (Without Club, Retired) as plain text, never as links to club pages', async () => {
    type Item = { player_id: string; to_club_name: string; to_club_is_status: boolean };
    const list = (await (await fetch(`${api}/api/v1/transfers?limit=200`)).json()) as { items: Item[] };
    const exit = list.items.find((t) => t.to_club_is_status && /^(Without Club|Retired)$/.test(t.to_club_name));
    expect(exit, 'a transfer to a status club in the latest 200').toBeDefined();
    const { page } = await open();
    await page.goto(`${site}/p/${exit!.player_id}`);
    // The site shows the state as a phrase ("Without club"), from the API's flag, never as a link (in any case).
    expect(await page.locator('#transfers').getByText(/^(Without club|Retired)$/).count()).toBeGreaterThan(0);
    const status = /^(Without club|Retired)$/i;
    expect(await page.locator('a', { hasText: status }).count()).toBe(0);
    await page.goto(site);
    expect(await page.locator('a', { hasText: status }).count()).toBe(0);
  });

  it('answers an unknown player with a helpful 404', async () => {
    const { page, allow } = await open();
    allow('/p/no-such-player-xyz', 404);
    const res = await page.goto(`${site}/p/no-such-player-xyz`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toContain('No player called');
    expect(await page.getByRole('combobox').count()).toBeGreaterThan(0);
  });
});

describe('accessibility', () => {
  it.each([
    ['home', () => '/'],
    ['market', () => '/market'],
    ['player', () => `/p/${sample.player.slug}`],
    ['player no longer followed', () => `/p/${notFollowedPlayerId()}`],
    ['club', () => `/c/${sample.club.slug}`],
    ['compare', () => `/compare?p1=${sample.player.slug}&p2=${sample.other.slug}`],
    ['watchlist', () => '/watchlist'],
    ['accuracy', () => '/accuracy'],
  ])('%s has no WCAG A/AA violations (axe) at desktop and phone widths', async (_name, path) => {
    for (const phone of [false, true]) {
      const { page, context, problems } = await open({ phone });
      await page.goto(`${site}${path()}`, { waitUntil: 'networkidle' });
      expect(await axeViolations(page)).toEqual([]);
      // Nothing wider than the screen: tables scroll inside their panels instead.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
      expect(problems).toEqual([]);
      await context.close();
    }
    current = undefined;
  });

  it('search and the share menu work from the keyboard', async () => {
    const { page } = await open();
    await page.goto(`${site}/p/${sample.player.slug}`);
    const share = page.getByRole('button', { name: 'Share' });
    await share.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    expect(await menu.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('Escape');
    expect(await menu.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('share-button');
  });
});

describe('tracking', () => {
  it('refuses a non-JSON event body with the API error shape and a request id', async () => {
    const res = await fetch(`${site}/api/v1/events/user`, { method: 'POST', body: 'page_view', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('unsupported_media_type');
    expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('sends a batch of anonymous events on page hide, and nothing under Global Privacy Control', async () => {
    const { page, context } = await open();
    // Beacon bodies are only visible to a route handler; it passes every request on unchanged.
    const bodies: string[] = [];
    await context.route('**/api/v1/events/user', async (route) => {
      bodies.push(route.request().postDataBuffer()?.toString('utf8') ?? '');
      await route.continue();
    });
    await page.goto(`${site}/p/${sample.player.slug}`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/events/user'));
    // The tab going to the background flushes the queue (as pagehide does on navigation, when the page is gone).
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect((await answered).status()).toBe(202);
    const events = JSON.parse(bodies[0]!) as { event_type: string; user_anon_id: string; session_id: string; player_id: string | null }[];
    expect(events.map((e) => e.event_type)).toEqual(['page_view', 'player_view']);
    expect(events[1]!.player_id).toBe(sample.player.id);
    expect(events[0]!.user_anon_id).toMatch(/^anon_[0-9a-z]+_[0-9a-z]{1,9}$/);
    expect(events[0]!.session_id).toMatch(/^sess_[0-9a-z]+_[0-9a-z]{1,9}$/);

    const gpc = await watchedPage(browser, { initScript: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })" });
    let posted = 0;
    await gpc.context.route('**/api/v1/events/user', async (route) => {
      posted++;
      await route.continue();
    });
    await gpc.page.goto(`${site}/p/${sample.player.slug}`);
    await gpc.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await gpc.page.goto(`${site}/market`);
    await gpc.page.waitForTimeout(500);
    expect(posted).toBe(0);
    expect(await gpc.page.evaluate(() => localStorage.getItem('tl_anon_id'))).toBeNull();
    expect(gpc.problems).toEqual([]);
    await gpc.context.close();
  });
});
