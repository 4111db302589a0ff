/**
 * The ingest on the fixture (a real-data subset): counts match the files, a second run inserts nothing, known
 * facts land where they should, snapshot-only facts are never visible before their snapshot, the supplement
 * adds only new facts, and the whole load takes a handful of round trips.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DATASET_DIR } from '../../../db/seed';
import { playerUuid } from '../../../db/ids';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { readCsvFile } from './csv';
import { FILES } from './dataset';
import { ingestReal, type IngestSummary } from './ingest';

const rowsIn = (file: string) => readCsvFile(`${FIXTURE_DATASET_DIR}/${file}`);
const count = async (t: TestDb, q: ReturnType<typeof sql>) => Number((await t.db.execute<{ n: number }>(q)).rows[0]!.n);

describe('ingestReal on the fixture', () => {
  let t: TestDb;
  let first: IngestSummary;
  let tripsFirst: number;

  beforeAll(async () => {
    t = await createTestDb('ingest');
    const before = await t.roundTrips();
    first = await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR });
    tripsFirst = (await t.roundTrips()) - before;
  });

  it('loads every row of the files: counts in the database match the files', async () => {
    const players = rowsIn(FILES.players).rows.length;
    const clubs = rowsIn(FILES.clubs).rows.length;
    const transfers = rowsIn(FILES.transfers);
    const dateCol = transfers.header.indexOf('transfer_date');
    const loadedTransfers = transfers.rows.filter((r) => r[dateCol]! <= '2024-12-12').length;
    expect(loadedTransfers).toBeLessThan(transfers.rows.length); // the fixture has scheduled (future) rows to skip
    expect(await count(t, sql`SELECT count(*) AS n FROM players`)).toBe(players);
    expect(await count(t, sql`SELECT count(*) AS n FROM clubs`)).toBe(clubs);
    expect(await count(t, sql`SELECT count(*) AS n FROM competitions`)).toBe(rowsIn(FILES.competitions).rows.length);
    expect(await count(t, sql`SELECT count(*) AS n FROM transfer_events`)).toBe(loadedTransfers);
    expect(await count(t, sql`SELECT count(*) AS n FROM signal_events WHERE signal_type = 'market_value'`)).toBe(rowsIn(FILES.valuations).rows.length);
    expect(await count(t, sql`SELECT count(*) AS n FROM signal_events WHERE signal_type = 'season_appearances'`)).toBe(rowsIn(FILES.appearances).rows.length);
    expect(first.totals.inserted).toBe(first.totals.rows);
    expect(first.files.find((f) => f.file === FILES.transfers)!.skipped).toEqual({
      'scheduled after the snapshot date (kept only as a loan end date)': transfers.rows.length - loadedTransfers,
    });
  });

  it('is set-based: the whole load is a handful of round trips', () => {
    expect(tripsFirst).toBe(first.roundTrips);
    expect(tripsFirst).toBeLessThanOrEqual(8);
  });

  it('a second run inserts zero rows', async () => {
    const again = await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR });
    expect(again.totals.inserted).toBe(0);
    expect(again.totals.alreadyPresent).toBe(first.totals.rows);
    expect(await count(t, sql`SELECT count(*) AS n FROM transfer_events`)).toBe(first.targets.find((x) => x.target === 'transfer_events')!.rows);
  });

  it('records each run in pipeline_runs as succeeded, with counts', async () => {
    const runs = await t.db.execute<{ status: string; rows_written: number; counts: { targets: Record<string, { inserted: number }> } }>(
      sql`SELECT status, rows_written, counts FROM pipeline_runs WHERE step = 'ingest:real' ORDER BY created_at`,
    );
    expect(runs.rows.map((r) => [r.status, Number(r.rows_written)])).toEqual([
      ['succeeded', first.totals.inserted],
      ['succeeded', 0],
    ]);
    expect(runs.rows[0]!.counts.targets['transfers.csv.gz:transfer_events']!.inserted).toBe(first.targets.find((x) => x.target === 'transfer_events')!.inserted);
  });

  it("has Bellingham's Dortmund -> Real Madrid move on 2023-07-01 for 113m, a permanent transfer", async () => {
    const r = await t.db.execute<Record<string, string>>(sql`
      SELECT p.slug, p.position, p.position_group, p.search_name, f.transfermarkt_id AS from_tm, c.transfermarkt_id AS to_tm,
             e.transfer_type, e.fee_amount_eur, e.fee_type, e.market_value_eur, e.season, e.event_id
      FROM transfer_events e JOIN players p ON p.id = e.player_id JOIN clubs f ON f.id = e.from_club_id JOIN clubs c ON c.id = e.to_club_id
      WHERE p.transfermarkt_id = '581678' AND e.transfer_date = '2023-07-01'`);
    expect(r.rows).toEqual([
      {
        slug: 'jude-bellingham', position: 'AM', position_group: 'midfielder', search_name: 'jude bellingham', from_tm: '16', to_tm: '418',
        transfer_type: 'permanent', fee_amount_eur: 113_000_000, fee_type: 'reported', market_value_eur: 120_000_000, season: '2023/24',
        event_id: 'tm-581678-2023-07-01-16-418',
      },
    ]);
  });

  it("holds Haaland's market-value history exactly as in the file, effective and observed on each date", async () => {
    const file = rowsIn(FILES.valuations).rows.filter((r) => r[0] === '418560').map((r) => [`${r[1]}T00:00:00.000Z`, Number(r[2])]);
    const db = await t.db.execute<{ effective_from: string; observed_at: string; value_num: number }>(sql`
      SELECT effective_from, observed_at, value_num FROM signal_events
      WHERE player_id = ${playerUuid(418560)} AND signal_type = 'market_value' ORDER BY effective_from`);
    expect(db.rows.map((r) => [new Date(r.effective_from).toISOString(), r.value_num])).toEqual(file);
    expect(db.rows.every((r) => r.effective_from === r.observed_at)).toBe(true);
    expect(file).toContainEqual(['2022-11-03T00:00:00.000Z', 170_000_000]);
  });

  it('makes snapshot-only facts effective and observed at the snapshot date, never earlier', async () => {
    const early = await count(t, sql`SELECT count(*) AS n FROM signal_events
      WHERE signal_type IN ('contract_expiry', 'agent', 'current_club') AND (effective_from < '2024-12-12T00:00:00Z' OR observed_at < '2024-12-12T00:00:00Z')`);
    expect(early).toBe(0);
    const haaland = await t.db.execute<{ value_text: string; effective_from: string }>(sql`
      SELECT value_text, effective_from FROM signal_events WHERE player_id = ${playerUuid(418560)} AND signal_type = 'contract_expiry'`);
    expect(haaland.rows.map((r) => [r.value_text, new Date(r.effective_from).toISOString()])).toEqual([['2027-06-30', '2024-12-12T00:00:00.000Z']]);
    const club = await t.db.execute<{ tm: string; entity_type: string }>(sql`
      SELECT c.transfermarkt_id AS tm, s.entity_type FROM signal_events s JOIN clubs c ON c.id = s.club_id
      WHERE s.player_id = ${playerUuid(418560)} AND s.signal_type = 'current_club'`);
    expect(club.rows).toEqual([{ tm: '281', entity_type: 'club_player_pair' }]);
  });

  it('records, at the snapshot, the day the source stopped following each player who left its coverage', async () => {
    const players = rowsIn(FILES.players);
    const lastSeason = new Map(players.rows.map((r) => [playerUuid(r[0]!), r[players.header.indexOf('last_season')]]));
    const withLedger = new Set((await t.db.execute<{ id: string }>(sql`SELECT DISTINCT player_id AS id FROM transfer_events`)).rows.map((r) => r.id));
    const departed = [...lastSeason].filter(([id, season]) => season === '2023' && withLedger.has(id)).map(([id]) => id).sort();
    expect(departed.length).toBeGreaterThan(10);
    const facts = (await t.db.execute<{ id: string; until: string; observed: string }>(sql`
      SELECT player_id AS id, value_text AS until, to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS observed
        FROM signal_events WHERE signal_type = 'ledger_followed_until' ORDER BY player_id`)).rows;
    // Exactly the players whose last covered season was 2023/24, one cohort date after that season, learned at the snapshot.
    expect(facts.map((f) => f.id)).toEqual(departed);
    expect(new Set(facts.map((f) => f.until)).size).toBe(1);
    expect(facts[0]!.until >= '2024-06-30' && facts[0]!.until < '2024-12-12').toBe(true);
    expect(new Set(facts.map((f) => f.observed))).toEqual(new Set(['2024-12-12']));
  });

  it('makes a year of appearances visible only on 1 January after it', async () => {
    const r = await t.db.execute<{ value_json: Record<string, number>; effective_from: string; value_num: number }>(sql`
      SELECT value_json, effective_from, value_num FROM signal_events
      WHERE player_id = ${playerUuid(418560)} AND signal_type = 'season_appearances' AND value_json->>'year' = '2023'`);
    expect(r.rows).toHaveLength(1);
    expect(new Date(r.rows[0]!.effective_from).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(r.rows[0]!.value_json).toMatchObject({ year: 2023, games: 53, goals: 44, minutes: 4333 });
    expect(r.rows[0]!.value_num).toBe(4333);
  });

  it('keeps status pseudo-clubs flagged, and labels loans with their end date from the return leg', async () => {
    const status = await t.db.execute<{ tm: string }>(sql`SELECT transfermarkt_id AS tm FROM clubs WHERE is_status_pseudo ORDER BY 1`);
    expect(status.rows.map((r) => r.tm)).toEqual(['123', '2077', '2113', '515', '75']);
    const badLoans = await count(t, sql`SELECT count(*) AS n FROM transfer_events l WHERE l.transfer_type = 'loan' AND l.loan_end_date IS NULL`);
    expect(badLoans).toBe(0);
    const returns = await count(t, sql`SELECT count(*) AS n FROM transfer_events r WHERE r.transfer_type = 'loan_return' AND NOT EXISTS (
      SELECT 1 FROM transfer_events l WHERE l.player_id = r.player_id AND l.transfer_type = 'loan' AND l.loan_end_date = r.transfer_date
        AND l.from_club_id = r.to_club_id AND l.to_club_id = r.from_club_id)`);
    expect(returns).toBe(0);
  });

  it('--include-supplement adds only new facts: newer values and 2026 contracts, no duplicate valuations', async () => {
    const supp = await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR, includeSupplement: true });
    const suppValues = rowsIn(FILES.supplementValuations).rows;
    const coreKeys = new Set(rowsIn(FILES.valuations).rows.map((r) => `${r[0]}:${r[1]}`));
    const newValues = suppValues.filter((r) => !coreKeys.has(`${r[0]}:${r[1]}`)).length;
    expect(supp.targets.find((x) => x.file === FILES.supplementValuations)!.inserted).toBe(newValues);
    expect(supp.targets.find((x) => x.file === FILES.valuations)!.inserted).toBe(0);
    const contracts = await t.db.execute<{ value_text: string; effective_from: string }>(sql`
      SELECT value_text, effective_from FROM signal_events WHERE player_id = ${playerUuid(418560)} AND signal_type = 'contract_expiry' ORDER BY effective_from`);
    expect(contracts.rows.map((r) => [r.value_text, new Date(r.effective_from).toISOString().slice(0, 10)])).toEqual([
      ['2027-06-30', '2024-12-12'],
      ['2034-06-30', '2026-02-11'],
    ]);
    const again = await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR, includeSupplement: true });
    expect(again.totals.inserted).toBe(0);
  });
});

describe('ingestReal after a failure part-way', () => {
  it('marks the run failed, and the next run completes the load', async () => {
    const t = await createTestDb('ingestfail');
    // A statement that fails once reference tables and some facts are already committed.
    await t.db.execute(sql.raw(`CREATE FUNCTION tl_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.signal_id = 'tm:apps:418560:2023' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`));
    await t.db.execute(sql.raw(`CREATE TRIGGER tl_test_fail BEFORE INSERT ON signal_events FOR EACH ROW EXECUTE FUNCTION tl_test_fail()`));
    await expect(ingestReal(t.db, { dir: FIXTURE_DATASET_DIR, concurrency: 1 })).rejects.toThrow(/injected failure/);
    const failed = await t.db.execute<{ status: string; error: string }>(sql`SELECT status, error FROM pipeline_runs WHERE step = 'ingest:real'`);
    expect(failed.rows).toEqual([{ status: 'failed', error: expect.stringContaining('injected failure') }]);
    const partial = await count(t, sql`SELECT count(*) AS n FROM players`);
    expect(partial).toBe(rowsIn(FILES.players).rows.length); // reference rows were committed before the failure
    expect(await count(t, sql`SELECT count(*) AS n FROM signal_events WHERE signal_type = 'season_appearances'`)).toBe(0);

    await t.db.execute(sql.raw(`DROP TRIGGER tl_test_fail ON signal_events`));
    const resumed = await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR });
    expect(resumed.targets.find((x) => x.target === 'players')!.inserted).toBe(0);
    expect(await count(t, sql`SELECT count(*) AS n FROM signal_events WHERE signal_type = 'season_appearances'`)).toBe(rowsIn(FILES.appearances).rows.length);
    const runs = await t.db.execute<{ status: string }>(sql`SELECT status FROM pipeline_runs WHERE step = 'ingest:real' ORDER BY created_at`);
    expect(runs.rows.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });
});
