/**
 * The read side of published snapshots on real rows: the CSV export (latest per key as of D, exact columns, no
 * future snapshots) and the live evaluation (labels from the ledger, destination ranks, idempotent upsert).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { modelVersions, predictionSnapshots } from '../../../db/schema';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { insertClub, insertPlayer, insertSignal, insertTransfer } from '../../../test/helpers/factories';
import { addDays } from '../run/as-of';
import { evaluate, evaluationTypeOf, scoreMonth } from './evaluate';
import { latestSnapshots, toCsv } from './export-predictions';
import type { StepContext } from './step';

let t: TestDb;
let mover: { id: string; transfermarktId: string | null };
let stayer: { id: string; transfermarktId: string | null };
let clubA: { id: string; transfermarktId: string | null };
let clubB: { id: string; transfermarktId: string | null };

/** A snapshot as the day's run publishes it: written at 06:00 UTC on its as_of day unless `createdAt` says otherwise. */
const snap = (playerId: string, toClubId: string | null, horizon: 30 | 90 | 180, asOf: string, probability: number, createdAt = `${asOf}T06:00:00Z`) => ({
  snapshotId: `${playerId}:${toClubId ?? 'any'}:h${horizon}:${asOf}`,
  modelVersion: 'gbm-test',
  modelName: 'transferlens-gbm',
  playerId,
  toClubId,
  horizonDays: horizon,
  probability,
  asOf: new Date(`${asOf}T00:00:00Z`),
  windowStart: asOf,
  windowEnd: addDays(asOf, horizon),
  createdAt: new Date(createdAt),
});

beforeAll(async () => {
  t = await createTestDb('exporteval');
  mover = await insertPlayer(t.db, { transfermarktId: '100' });
  stayer = await insertPlayer(t.db, { transfermarktId: '200' });
  clubA = await insertClub(t.db, { transfermarktId: '11' });
  clubB = await insertClub(t.db, { transfermarktId: '22' });
  await t.db.insert(modelVersions).values({
    modelName: 'transferlens-gbm', modelVersion: 'gbm-test', trainingAsOf: new Date('2024-01-01T00:00:00Z'), trainingSamples: 1, positiveSamples: 1,
    featureCount: 0, featuresUsed: [], metrics: {}, artifact: {}, status: 'deployed',
  });
  await t.db.insert(predictionSnapshots).values([
    snap(mover.id, null, 30, '2024-01-01', 0.6),
    snap(mover.id, clubB.id, 30, '2024-01-01', 0.3),
    snap(mover.id, clubA.id, 30, '2024-01-01', 0.1),
    snap(stayer.id, null, 30, '2024-01-01', 0.2),
    snap(stayer.id, null, 30, '2024-01-10', 0.25),
    snap(mover.id, null, 90, '2024-01-01', 0.7),
    // Published after the export date: must not show up as of 2024-01-10.
    snap(mover.id, null, 30, '2024-01-11', 0.9),
  ]);
  // The mover joins club A on 2024-01-20: inside the 30-day window of 2024-01-01 (ends 2024-01-31).
  await insertTransfer(t.db, { playerId: mover.id, toClubId: clubA.id, transferDate: '2024-01-20', transferType: 'permanent' });
  // A loan return never counts as a move.
  await insertTransfer(t.db, { playerId: stayer.id, toClubId: clubB.id, transferDate: '2024-01-15', transferType: 'loan_return' });
});

describe('export:predictions', () => {
  it('writes the latest snapshot per player and destination as of D, with exactly the agreed columns', async () => {
    const csv = toCsv(await latestSnapshots(t.db, '2024-01-10', 30));
    expect(csv).toBe(
      [
        'player_transfermarkt_id,to_club_transfermarkt_id,horizon_days,probability,as_of',
        '100,,30,0.6,2024-01-01',
        '100,11,30,0.1,2024-01-01',
        '100,22,30,0.3,2024-01-01',
        '200,,30,0.25,2024-01-10',
        '',
      ].join('\n'),
    );
  });

  it('shows nothing before the first snapshot', async () => {
    expect(toCsv(await latestSnapshots(t.db, '2023-12-31', 30))).toBe('player_transfermarkt_id,to_club_transfermarkt_id,horizon_days,probability,as_of\n');
  });
});

describe('evaluate', () => {
  type Ev = { evaluation_name: string; horizon_days: number; total_predictions: number; total_positives: number; brier_score: number; destination_top1: number | null; destination_top5: number | null };
  const evaluations = async () =>
    (await t.db.execute<Ev>(sql`SELECT evaluation_name, horizon_days, total_predictions, total_positives, brier_score, destination_top1, destination_top5
      FROM model_evaluations WHERE evaluation_type = 'live' ORDER BY evaluation_name, horizon_days`)).rows;

  it('scores only snapshots whose window has ended, with ledger labels and destination ranks', async () => {
    // As of 2024-02-05, the 30-day windows from 01-01 (end 01-31) have matured; 01-10 ends 02-09 and 90d ends 03-31.
    expect(await scoreMonth(t.db, '2024-02-05', '2024-01')).toEqual({ snapshots: 2, evaluations: 1 });
    const [e] = await evaluations();
    expect(e).toMatchObject({ evaluation_name: '2024-01', horizon_days: 30, total_predictions: 2, total_positives: 1 });
    // Brier: mover (0.6 - 1)^2 = 0.16, stayer (0.2 - 0)^2 = 0.04 -> 0.1.
    expect(Number(e!.brier_score)).toBeCloseTo(0.1, 10);
    // The real destination (club A, 0.1) ranks second behind club B (0.3): not top 1, in the top 5.
    expect(Number(e!.destination_top1)).toBe(0);
    expect(Number(e!.destination_top5)).toBe(1);
    // It is known once January's last 30-day window closes (a forecast of 31 January ends 1 March): the API shows it
    // as of that day, not as of 1 February.
    const { rows } = await t.db.execute<{ end: string }>(sql`SELECT to_char(evaluation_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS end FROM model_evaluations WHERE evaluation_name = '2024-01'`);
    expect(rows).toEqual([{ end: '2024-03-01' }]);
  });

  it('as a step, rescoring later adds matured snapshots by updating the same rows', async () => {
    const ctx = { db: t.db, asOf: '2024-04-15', horizons: [30, 90, 180], chunkSize: 10, trainHere: true, memo: new Map(), keepWholeDataset: true } as StepContext;
    let cursor: unknown = null;
    for (;;) {
      const r = await evaluate.run(ctx, cursor);
      cursor = r.cursor;
      if (r.done) break;
    }
    expect((await evaluations()).map((e) => [e.evaluation_name, e.horizon_days, e.total_predictions, e.total_positives])).toEqual([
      ['2024-01', 30, 4, 2],
      ['2024-01', 90, 1, 1],
    ]);
    const again = await evaluate.run(ctx, null);
    expect(again.done).toBe(true);
    expect(await evaluations()).toHaveLength(2);
  });
});

describe('evaluate, censored outcomes', () => {
  it('leaves a window unscored when the source stopped following the player before it closed, once that is known', async () => {
    const gone = await insertPlayer(t.db, { transfermarktId: '300' });
    const goneMover = await insertPlayer(t.db, { transfermarktId: '400' });
    await t.db.insert(predictionSnapshots).values([snap(gone.id, null, 30, '2024-05-01', 0.8), snap(goneMover.id, null, 30, '2024-05-01', 0.7)]);
    // Both left the source's coverage in May (learned on 1 June): `gone` has no recorded move, so his window (to
    // 31 May) is unknown after 20 May; `goneMover` moved on 10 May, before the source stopped on 15 May: known.
    await insertTransfer(t.db, { playerId: goneMover.id, toClubId: clubB.id, transferDate: '2024-05-10', transferType: 'permanent' });
    for (const [p, until] of [[gone, '2024-05-20'], [goneMover, '2024-05-15']] as const) {
      await insertSignal(t.db, { playerId: p.id, signalType: 'ledger_followed_until', valueNum: null, valueText: until, source: 'transfermarkt', observedAt: new Date('2024-06-01T00:00:00Z') });
    }
    const may = async () =>
      (await t.db.execute<{ total_predictions: number; total_positives: number; censored: number }>(sql`
        SELECT total_predictions, total_positives, (details->>'censored')::int AS censored FROM model_evaluations WHERE evaluation_name = '2024-05'`)).rows;
    // Scored on 31 May, before the source's stop was known: both count, the silence of `gone` as "no move".
    await scoreMonth(t.db, '2024-05-31', '2024-05');
    expect(await may()).toEqual([{ total_predictions: 2, total_positives: 1, censored: 0 }]);
    // Rescored once it is known: `gone` is left out and counted as censored.
    await scoreMonth(t.db, '2024-06-10', '2024-05');
    expect(await may()).toEqual([{ total_predictions: 1, total_positives: 1, censored: 1 }]);
  });

  it('withdraws a month scored before it was known that every one of its outcomes is censored', async () => {
    const lost = await insertPlayer(t.db, { transfermarktId: '500' });
    await t.db.insert(predictionSnapshots).values(snap(lost.id, null, 30, '2024-09-01', 0.4));
    await insertSignal(t.db, { playerId: lost.id, signalType: 'ledger_followed_until', valueNum: null, valueText: '2024-09-15', source: 'transfermarkt', observedAt: new Date('2024-10-10T00:00:00Z') });
    const march = async () => (await t.db.execute<{ n: number }>(sql`SELECT total_predictions AS n FROM model_evaluations WHERE evaluation_name = '2024-09'`)).rows;
    expect(await scoreMonth(t.db, '2024-10-05', '2024-09')).toEqual({ snapshots: 1, evaluations: 1 });
    expect(await march()).toEqual([{ n: 1 }]);
    expect(await scoreMonth(t.db, '2024-10-15', '2024-09')).toEqual({ snapshots: 1, evaluations: 0 });
    expect(await march()).toEqual([]);
  });
});

describe('live or replayed', () => {
  it('calls a snapshot live when it was written within 2 days of its as_of, replayed (backtest) after that', () => {
    const asOf = new Date('2024-03-01T00:00:00Z');
    expect(evaluationTypeOf(asOf, new Date('2024-03-01T06:00:00Z'))).toBe('live');
    expect(evaluationTypeOf(asOf, new Date('2024-03-03T00:00:00Z'))).toBe('live');
    expect(evaluationTypeOf(asOf, new Date('2024-03-03T00:00:01Z'))).toBe('backtest');
    expect(evaluationTypeOf(asOf, new Date('2026-11-26T07:00:00Z'))).toBe('backtest');
  });

  it('scores replayed snapshots as backtest rows beside the live ones of the same month, never mixed', async () => {
    await t.db.insert(predictionSnapshots).values([
      snap(mover.id, null, 30, '2024-03-01', 0.4),
      snap(stayer.id, null, 30, '2024-03-01', 0.3, '2024-03-02T23:00:00Z'),
      // Written days or months after 2024-03-05 from the data of that day: replays, not published forecasts.
      snap(stayer.id, null, 30, '2024-03-05', 0.5, '2024-09-01T06:00:00Z'),
      snap(mover.id, null, 30, '2024-03-05', 0.6, '2024-03-08T06:00:00Z'),
    ]);
    // The mover joins club B on 2024-03-20, inside every window above.
    await insertTransfer(t.db, { playerId: mover.id, toClubId: clubB.id, transferDate: '2024-03-20', transferType: 'permanent' });
    expect(await scoreMonth(t.db, '2024-04-15', '2024-03')).toEqual({ snapshots: 4, evaluations: 2 });
    const { rows } = await t.db.execute<{ evaluation_type: string; total_predictions: number; total_positives: number; brier_score: number }>(sql`
      SELECT evaluation_type, total_predictions, total_positives, brier_score FROM model_evaluations
      WHERE evaluation_name = '2024-03' ORDER BY evaluation_type`);
    expect(rows.map((r) => [r.evaluation_type, r.total_predictions, r.total_positives])).toEqual([['backtest', 2, 1], ['live', 2, 1]]);
    // Backtest: stayer 0.5 -> 0.25, mover 0.6 -> 0.16; live: mover 0.4 -> 0.36, stayer 0.3 -> 0.09.
    expect(Number(rows[0]!.brier_score)).toBeCloseTo(0.205, 10);
    expect(Number(rows[1]!.brier_score)).toBeCloseTo(0.225, 10);
  });
});
