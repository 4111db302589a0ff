import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS, assetStats, bundle, parseUploadSize, sizeProblems } from './deploy-check';

const KiB = 1024;

describe('parseUploadSize', () => {
  it('reads the sizes from wrangler output, colours included', () => {
    const out = 'Total Upload: \x1b[32m257.33 KiB / gzip: 78.10 KiB\x1b[39m\nYour Worker has access to ...';
    expect(parseUploadSize(out)).toEqual({ raw: 257.33 * KiB, gzip: 78.1 * KiB });
  });
  it('returns undefined when wrangler printed no size', () => {
    expect(parseUploadSize('✘ [ERROR] Could not resolve "x"')).toBeUndefined();
  });
});

describe('sizeProblems', () => {
  it('accepts a bundle under the limits', () => {
    expect(sizeProblems('api', { raw: 2 * 1024 * KiB, gzip: 500 * KiB }, 'free')).toEqual([]);
  });
  it('fails a bundle over the free plan compressed limit but not over paid', () => {
    const size = { raw: 10 * 1024 * KiB, gzip: LIMITS.free.gzip + 1 };
    expect(sizeProblems('site', size, 'free')).toEqual([expect.stringMatching(/^site: 3\.00 MiB compressed exceeds the free plan's 3\.00 MiB/)]);
    expect(sizeProblems('site', size, 'paid')).toEqual([]);
  });
  it('fails an uncompressed size over 64 MiB', () => {
    expect(sizeProblems('api', { raw: LIMITS.paid.raw + 1, gzip: KiB }, 'paid')[0]).toMatch(/uncompressed exceeds the 64\.00 MiB limit/);
  });
  it('fails too many asset files and an oversized asset', () => {
    const problems = sizeProblems('site', { raw: KiB, gzip: KiB }, 'free', { files: 20_001, largest: { path: 'big.bin', bytes: LIMITS.assetFileBytes + 1 } });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/20001 static asset files exceed the free plan's 20000/);
    expect(problems[1]).toMatch(/asset big\.bin is 25\.00 MiB, over the 25\.00 MiB per-file limit/);
  });
});

describe('assetStats', () => {
  it('counts uploaded files and skips the server bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-assets-'));
    mkdirSync(join(dir, '_worker.js'));
    writeFileSync(join(dir, '_worker.js', 'index.js'), 'x'.repeat(5000));
    mkdirSync(join(dir, '_astro'));
    writeFileSync(join(dir, '_astro', 'a.css'), 'x'.repeat(300));
    writeFileSync(join(dir, 'robots.txt'), 'x');
    expect(assetStats(dir)).toEqual({ files: 2, largest: { path: join('_astro', 'a.css'), bytes: 300 } });
  });
});

describe('bundle', () => {
  it('reports a Worker whose entry does not exist', async () => {
    const r = await bundle({ name: 'ghost', config: 'wrangler.toml', entry: 'workers/ghost/index.ts' }, 'production', tmpdir());
    expect(r.error).toBe('workers/ghost/index.ts does not exist');
  });
  it('bundles the API Worker offline with the production config', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tl-bundle-'));
    const r = await bundle({ name: 'api', config: 'wrangler.toml', entry: 'workers/api/index.ts' }, 'production', out);
    expect(r.error).toBeUndefined();
    expect(r.size!.gzip).toBeGreaterThan(10 * KiB);
    expect(r.size!.raw).toBeGreaterThan(r.size!.gzip);
    expect(sizeProblems('api', r.size!, 'free')).toEqual([]);
  });
});
