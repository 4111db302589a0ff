/**
 * Response cache for public GETs: the Workers edge cache (caches.default) when the runtime has one, otherwise a
 * small in-isolate LRU (Node tests and tools), which honours the same s-maxage.
 */
export interface ResponseCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response, ttlSeconds: number): Promise<void>;
}

interface Entry {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
  expires: number;
}

export function memoryCache(maxEntries = 500): ResponseCache & { clear(): void } {
  const entries = new Map<string, Entry>();
  return {
    async match(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      entries.delete(key);
      if (e.expires <= Date.now()) return undefined;
      entries.set(key, e); // most recently used last
      return new Response(e.body.slice(0), { status: e.status, headers: e.headers });
    },
    async put(key, res, ttlSeconds) {
      entries.set(key, { body: await res.arrayBuffer(), status: res.status, headers: [...res.headers], expires: Date.now() + ttlSeconds * 1000 });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    clear: () => entries.clear(),
  };
}

function edgeCache(cache: Cache): ResponseCache {
  return {
    async match(key) {
      return (await cache.match(key)) ?? undefined;
    },
    async put(key, res) {
      // The edge cache reads the lifetime from the response's Cache-Control (s-maxage).
      await cache.put(key, res);
    },
  };
}

let fallback: ReturnType<typeof memoryCache> | undefined;

export function defaultCache(): ResponseCache {
  const edge = (globalThis as { caches?: { default?: Cache } }).caches?.default;
  if (edge) return edgeCache(edge);
  return (fallback ??= memoryCache());
}
