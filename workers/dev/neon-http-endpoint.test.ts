/** The local Neon endpoint behaves like Neon's for what we use: types, batches as transactions, error codes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('endpoint');
});

describe('Neon HTTP endpoint', () => {
  it('returns values the driver parses into the right JS types', async () => {
    const r = await t.db.execute<{ ts: string; j: unknown; arr: number[]; big: string; n: null }>(
      sql`SELECT ${'2024-07-01T12:00:00Z'}::timestamptz AS ts, '{"a":[1,"é"]}'::jsonb AS j, ARRAY[1,2]::int[] AS arr, 9007199254740993::bigint AS big, NULL AS n`,
    );
    const row = r.rows[0]!;
    expect(new Date(row.ts).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(row.j).toEqual({ a: [1, 'é'] });
    expect(row.arr).toEqual([1, 2]);
    expect(row.big).toBe('9007199254740993');
    expect(row.n).toBeNull();
  });

  it('runs a batch as one transaction: a failing statement rolls back the rest', async () => {
    await t.db.execute(sql`CREATE TABLE batch_probe (id int primary key)`);
    await expect(
      t.db.batch([t.db.execute(sql`INSERT INTO batch_probe VALUES (1)`), t.db.execute(sql`INSERT INTO batch_probe VALUES (1)`)]),
    ).rejects.toThrow();
    const r = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM batch_probe`);
    expect(Number(r.rows[0]!.n)).toBe(0);
  });

  it('surfaces the Postgres error code', async () => {
    const err: unknown = await t.db.execute(sql`SELECT * FROM no_such_table`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { cause?: { code?: string } } | undefined)?.cause?.code).toBe('42P01');
  });

  it('counts one round trip per statement or batch', async () => {
    const before = await t.roundTrips();
    await t.db.batch([t.db.execute(sql`SELECT 1`), t.db.execute(sql`SELECT 2`)]);
    await t.db.execute(sql`SELECT 3`);
    expect((await t.roundTrips()) - before).toBe(2);
  });
});
