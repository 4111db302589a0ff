/** The local Upstash stand-in speaks the REST protocol the SDK expects, against a real redis-server. */
import { describe, expect, inject, it } from 'vitest';
import { Redis } from '@upstash/redis';
import { TEST_UPSTASH_TOKEN } from '../../test/helpers/config';

const url = inject('upstashUrl');

describe.skipIf(!url)('Upstash REST endpoint (needs REDIS_URL)', () => {
  const redis = new Redis({ url, token: TEST_UPSTASH_TOKEN });
  const key = `tl:test:${Math.random().toString(36).slice(2)}`;

  it('round-trips JSON with unicode, TTLs and counters', async () => {
    await redis.set(key, { name: 'Kylian Mbappé' }, { ex: 30 });
    expect(await redis.get(key)).toEqual({ name: 'Kylian Mbappé' });
    expect(await redis.ttl(key)).toBeGreaterThan(0);
    expect(await redis.incr(`${key}:n`)).toBe(1);
    expect(await redis.mget(key, `${key}:missing`)).toEqual([{ name: 'Kylian Mbappé' }, null]);
  });

  it('runs pipelines and reports command errors', async () => {
    const p = redis.pipeline();
    p.set(`${key}:p`, 'x');
    p.get(`${key}:p`);
    expect(await p.exec()).toEqual(['OK', 'x']);
    await expect(redis.hset(key, { a: 1 })).rejects.toThrow(/WRONGTYPE/);
  });

  it('refuses a wrong token', async () => {
    const wrong = new Redis({ url, token: 'nope', retry: false });
    await expect(wrong.get(key)).rejects.toThrow();
  });
});
