/**
 * `npm run bench:site`: per page, the JavaScript shipped (gzip), the HTML size (raw and gzip, CSS is inlined) and
 * the server render time on the local stack (first request, then median and p95 of warm requests; the site has no
 * HTML cache, so every request renders; the API behind it caches its reads).
 * Uses SITE_URL + API_URL when both are given, else starts the browser-test stack.
 */
import { gzipSync } from 'node:zlib';
import { runAgainstSite } from './run-against-site';
import { mainPages } from './sample';

const WARM = Number(process.env.BENCH_RUNS ?? 15);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function timeGet(url: string): Promise<{ ms: number; body: string; status: number }> {
  const t = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  return { ms: performance.now() - t, body, status: r.status };
}

runAgainstSite(async ({ siteUrl, browser, sample: s }) => {
  const pages: [string, string][] = [...mainPages(s), ['og image (player)', `/og/player/${s.player.slug}.png?bench=${Date.now()}`]];
  const rows: string[][] = [];
  for (const [name, path] of pages) {
    const first = await timeGet(`${siteUrl}${path}`);
    if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) warm.push((await timeGet(`${siteUrl}${path}`)).ms);
    const isImage = path.startsWith('/og/');
    let js = 0;
    let jsFiles = 0;
    if (!isImage) {
      const page = await browser.newPage();
      const scripts: Promise<void>[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') {
          scripts.push(r.body().then((b) => {
            js += gzipSync(b).length;
            jsFiles++;
          }));
        }
      });
      await page.goto(`${siteUrl}${path}`, { waitUntil: 'networkidle' });
      await Promise.all(scripts);
      await page.close();
    }
    rows.push([
      name,
      isImage ? '-' : `${kb(js)} (${jsFiles} files)`,
      isImage ? '-' : `${kb(Buffer.byteLength(first.body))} / ${kb(gzipSync(first.body).length)}`,
      `${first.ms.toFixed(0)} ms`,
      `${pctl(warm, 0.5).toFixed(0)} ms`,
      `${pctl(warm, 0.95).toFixed(0)} ms`,
    ]);
  }
  const head = ['page', 'JS shipped (gzip)', 'HTML raw / gzip', 'first render', 'median', 'p95'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\nSite benchmark: ${siteUrl} (${WARM} warm requests per page, sequential)\n`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
});
