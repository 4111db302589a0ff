/**
 * One browser per test file; each test gets a fresh context and a page whose console errors, uncaught exceptions,
 * failed requests and HTTP error responses are collected, so a test fails on any of them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS } from './browser';

export interface Watched {
  page: Page;
  context: BrowserContext;
  problems: string[];
  /** Statuses a test expects (e.g. the 404 page itself); matching responses are not problems. */
  allow(urlPart: string, status: number): void;
}

export async function watchedPage(browser: Browser, opts: { phone?: boolean; initScript?: string } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: opts.phone ? VIEWPORTS.phone : VIEWPORTS.desktop });
  if (opts.initScript) await context.addInitScript(opts.initScript);
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: { part: string; status: number }[] = [];
  const isAllowed = (url: string, status: number) => allowed.some((a) => url.includes(a.part) && a.status === status);
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chrome also logs expected error statuses ("Failed to load resource: ... 404"); those are judged by status below.
    if (/Failed to load resource: the server responded with a status of (\d+)/.test(m.text()) && isAllowed(m.location().url, Number(RegExp.$1))) return;
    problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Navigating away cancels in-flight requests (net::ERR_ABORTED); that is not a failure of the site.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isAllowed(r.url(), r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, context, problems, allow: (part, status) => allowed.push({ part, status }) };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2 A/AA violations on the current page, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.map((v) => `${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}

/** Width and height from a PNG's IHDR chunk (and a check of the signature). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
