/**
 * A dataset cut at D loads with the same ingest and contains nothing after D: no later transfer, valuation or
 * appearance, no snapshot-only fact, and loan labels computed only from the rows that remain (a loan whose
 * return leg comes after D is not known to be a loan as of D).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DATASET_DIR } from '../../../db/seed';
import { playerUuid } from '../../../db/ids';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { readCsvFile } from './csv';
import { cutDataset } from './cut-dataset';
import { FILES, readDataset } from './dataset';
import { ingestReal } from './ingest';
import { careersOf, labelTransfers } from './plan';

const D = '2023-01-31';

/** Loans in the full fixture that started by D and returned after it: the cut must not call them loans. */
function loansStraddling(asOf: string) {
  const ds = readDataset(FIXTURE_DATASET_DIR);
  const status = new Set(ds.clubs.rows.filter((c) => c.is_status_pseudo_club).map((c) => c.club_id));
  const out: string[] = [];
  for (const [player, rows] of careersOf(ds.transfers.rows)) {
    const labels = labelTransfers(rows, (id) => status.has(id));
    rows.forEach((t, i) => {
      const l = labels[i]!;
      if (l.transferType === 'loan' && t.transfer_date <= asOf && l.loanEndDate! > asOf) out.push(`tm-${player}-${t.transfer_date}-${t.from_club_id}-${t.to_club_id}`);
    });
  }
  return out;
}

describe(`a dataset cut at ${D}`, () => {
  let t: TestDb;
  let dir: string;
  let straddling: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-cut-'));
    cutDataset(FIXTURE_DATASET_DIR, D, dir);
    straddling = loansStraddling(D);
    t = await createTestDb('cut');
    await ingestReal(t.db, { dir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has files that physically end at D', () => {
    const max = (file: string, column: string) => {
      const tb = readCsvFile(join(dir, file));
      const i = tb.header.indexOf(column);
      return tb.rows.reduce((m, r) => (r[i]! > m ? r[i]! : m), '');
    };
    expect(max(FILES.transfers, 'transfer_date') <= D).toBe(true);
    expect(max(FILES.valuations, 'date') <= D).toBe(true);
    expect(Number(max(FILES.appearances, 'year'))).toBe(2022);
    expect(max(FILES.players, 'contract_expiration_date')).toBe('');
  });

  it('loads nothing dated or observed after D, and no snapshot-only fact', async () => {
    const r = await t.db.execute<Record<string, string | number | null>>(sql`SELECT
      (SELECT max(transfer_date)::text FROM transfer_events) AS last_transfer,
      (SELECT max(loan_end_date)::text FROM transfer_events) AS last_loan_end,
      (SELECT count(*)::int FROM signal_events WHERE observed_at > ${`${D}T00:00:00Z`} OR effective_from > ${`${D}T00:00:00Z`}) AS late_signals,
      (SELECT count(*)::int FROM signal_events WHERE signal_type IN ('contract_expiry', 'agent', 'current_club')) AS snapshot_facts,
      (SELECT count(*)::int FROM transfer_events WHERE player_id = ${playerUuid(581678)} AND transfer_date = '2023-07-01') AS bellingham_to_madrid,
      (SELECT count(*)::int FROM signal_events WHERE signal_type = 'market_value') AS values_loaded`);
    const row = r.rows[0]!;
    expect(row.last_transfer! <= D).toBe(true);
    expect(row.last_loan_end == null || row.last_loan_end <= D).toBe(true);
    expect(row).toMatchObject({ late_signals: 0, snapshot_facts: 0, bellingham_to_madrid: 0 });
    expect(row.values_loaded).toBe(readCsvFile(join(dir, FILES.valuations)).rows.length);
  });

  it('does not label as loans the moves whose return leg comes after D', async () => {
    expect(straddling.length).toBeGreaterThan(0);
    const r = await t.db.execute<{ event_id: string; transfer_type: string; loan_end_date: string | null }>(
      sql`SELECT event_id, transfer_type, loan_end_date FROM transfer_events WHERE event_id = ANY(string_to_array(${straddling.join(',')}, ','))`,
    );
    expect(r.rows).toHaveLength(straddling.length);
    for (const e of r.rows) {
      expect(e.transfer_type).not.toBe('loan');
      expect(e.loan_end_date).toBeNull();
    }
  });

  it('loads every player and transfer of the cut files', async () => {
    const n = await t.db.execute<{ players: number; transfers: number }>(
      sql`SELECT (SELECT count(*)::int FROM players) AS players, (SELECT count(*)::int FROM transfer_events) AS transfers`,
    );
    expect(n.rows[0]).toEqual({
      players: readCsvFile(join(dir, FILES.players)).rows.length,
      transfers: readCsvFile(join(dir, FILES.transfers)).rows.length,
    });
  });
});
