/**
 * A minimal Upstash Redis REST client (fetch only, so it runs in workerd and Node). One call = one HTTP request;
 * `pipeline` sends several commands in that one request. Calls time out quickly: Redis is an optimisation here,
 * never a dependency, and callers fall back to local state when it fails.
 */
export type RedisCommand = (string | number)[];

export interface Upstash {
  pipeline(commands: RedisCommand[]): Promise<unknown[]>;
  command(command: RedisCommand): Promise<unknown>;
}

export interface UpstashEnv {
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}

export function createUpstash(env: UpstashEnv, timeoutMs = 1000): Upstash | undefined {
  const base = env.UPSTASH_REDIS_REST_URL?.replace(/\/$/, '');
  if (!base) return undefined;
  const headers = { authorization: `Bearer ${env.UPSTASH_REDIS_REST_TOKEN ?? ''}`, 'content-type': 'application/json' };
  async function post(path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`upstash ${path} answered ${res.status}`);
    return res.json();
  }
  const unwrap = (r: unknown) => {
    const { result, error } = r as { result?: unknown; error?: string };
    if (error) throw new Error(`upstash: ${error}`);
    return result;
  };
  return {
    async pipeline(commands) {
      const out = (await post('/pipeline', commands)) as unknown[];
      return out.map(unwrap);
    },
    async command(command) {
      return unwrap(await post('', command));
    },
  };
}
