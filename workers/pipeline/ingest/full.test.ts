/**
 * The full bundled dataset, end to end, against the files' own counts. It needs real PostgreSQL (CI sets
 * TEST_DATABASE_URL); on embedded PGlite the load takes minutes, so there it is skipped.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_DATASET_DIR } from '../../../db/seed';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { readCsvFile } from './csv';
import { FILES } from './dataset';
import { ingestReal, type IngestSummary } from './ingest';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const file = (f: string) => readCsvFile(`${REAL_DATASET_DIR}/${f}`);

describe.skipIf(!onPostgres)('the full bundled dataset (PostgreSQL only; skipped on PGlite, where it takes minutes)', () => {
  let t: TestDb;
  let summary: IngestSummary;

  beforeAll(async () => {
    t = await createTestDb('full');
    summary = await ingestReal(t.db);
  }, 600_000);

  it('loads row counts that match the files', async () => {
    const players = file(FILES.players);
    const playerIds = new Set(players.rows.map((r) => r[0]));
    const transfers = file(FILES.transfers);
    const dateCol = transfers.header.indexOf('transfer_date');
    const appearances = file(FILES.appearances);
    const n = await t.db.execute<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM competitions) AS competitions, (SELECT count(*)::int FROM clubs) AS clubs,
      (SELECT count(*)::int FROM players) AS players, (SELECT count(*)::int FROM transfer_events) AS transfers,
      (SELECT count(*)::int FROM signal_events WHERE signal_type = 'market_value') AS valuations,
      (SELECT count(*)::int FROM signal_events WHERE signal_type = 'season_appearances') AS appearances`);
    expect(n.rows[0]).toEqual({
      competitions: file(FILES.competitions).rows.length,
      clubs: file(FILES.clubs).rows.length,
      players: players.rows.length,
      // rows dated after the 2024-12-12 snapshot are scheduled moves, not ledger facts
      transfers: transfers.rows.filter((r) => r[dateCol]! <= '2024-12-12').length,
      valuations: file(FILES.valuations).rows.length,
      // a few appearance rows belong to players only the supplement profiles
      appearances: appearances.rows.filter((r) => playerIds.has(r[0])).length,
    });
    expect(n.rows[0]!.players).toBe(32_419);
    expect(summary.totals.inserted).toBe(summary.totals.rows);
  });

  it("has Bellingham's 113m move and no contract fact before the snapshot", async () => {
    const r = await t.db.execute<{ fee: number; early_contracts: number }>(sql`SELECT
      (SELECT fee_amount_eur FROM transfer_events WHERE event_id = 'tm-581678-2023-07-01-16-418') AS fee,
      (SELECT count(*)::int FROM signal_events WHERE signal_type = 'contract_expiry' AND effective_from < '2024-12-12T00:00:00Z') AS early_contracts`);
    expect(r.rows[0]).toEqual({ fee: 113_000_000, early_contracts: 0 });
  });
});
