/**
 * Smoke test in workerd: bundles the API Worker exactly as a deploy would (wrangler deploy --dry-run) and runs the
 * bundle in Miniflare against the test database, proving the Worker needs nothing Node-only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { insertClub, insertPlayer, insertTransfer } from '../../test/helpers/factories';
import { apiEnv } from '../../test/helpers/api';

const run = promisify(execFile);
let tdb: TestDb;
let mf: Miniflare;
let outdir: string;

beforeAll(async () => {
  tdb = await createTestDb('workerd');
  const club = await insertClub(tdb.db, { name: 'Workerd FC', slug: 'workerd-fc' });
  const player = await insertPlayer(tdb.db, { name: 'Wanda Worker', slug: 'wanda-worker' });
  await insertTransfer(tdb.db, { playerId: player.id, toClubId: club.id, transferDate: '2024-07-01' });
  outdir = mkdtempSync(join(tmpdir(), 'tl-api-bundle-'));
  await run('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir, '--config', 'wrangler.toml'], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  const bindings = Object.fromEntries(Object.entries(apiEnv(tdb, { API_CACHE_SECONDS: 60 })).map(([k, v]) => [k, String(v)]));
  mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'index.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings,
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('API Worker in workerd', () => {
  it('serves /health with the database reachable through the Neon HTTP driver', async () => {
    const res = await mf.dispatchFetch('http://localhost/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'healthy', database: 'healthy' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves a read endpoint in one round trip, and the edge cache answers the repeat', async () => {
    const before = await tdb.roundTrips();
    const res = await mf.dispatchFetch('http://localhost/api/v1/players/wanda-worker?as_of=2024-12-01');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Wanda Worker', current_club: { name: 'Workerd FC' } });
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect((await tdb.roundTrips()) - before).toBe(1);
    // caches.default: the repeat costs no database round trip.
    const again = await mf.dispatchFetch('http://localhost/api/v1/players/wanda-worker?as_of=2024-12-01');
    expect(again.headers.get('x-cache')).toBe('HIT');
    await again.arrayBuffer();
    expect((await tdb.roundTrips()) - before).toBe(1);
  });

  it('answers malformed input with the JSON error shape', async () => {
    const res = await mf.dispatchFetch('http://localhost/api/v1/market/latest?horizon_days=7');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_error');
  });
});
