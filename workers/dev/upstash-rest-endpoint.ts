/**
 * A local stand-in for Upstash's Redis REST API in front of a real redis-server (dev and test tool).
 * POST / with a command array -> {result}; POST /pipeline and /multi-exec with an array of commands.
 * Errors are {error} with HTTP 400; a wrong bearer token gets 401. When the client asks for
 * `Upstash-Encoding: base64` (the SDK default), bulk strings are base64-encoded, status replies are not.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

type Reply = string | number | null | Reply[] | { status: string } | { error: string };

/** A minimal RESP2 client: one socket, replies matched to requests in order. */
class RespClient {
  private buf = Buffer.alloc(0);
  private waiting: ((r: Reply) => void)[] = [];
  private constructor(private sock: Socket) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const parsed = RespClient.parse(this.buf, 0);
        if (!parsed) break;
        this.buf = this.buf.subarray(parsed.end);
        this.waiting.shift()?.(parsed.value);
      }
    });
  }
  static open(url: string) {
    const u = new URL(url);
    return new Promise<RespClient>((resolve, reject) => {
      const sock = connect(Number(u.port || 6379), u.hostname, () => resolve(new RespClient(sock)));
      sock.once('error', reject);
    });
  }
  private static parse(b: Buffer, at: number): { value: Reply; end: number } | undefined {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const type = String.fromCharCode(b[at]!);
    const line = b.toString('utf8', at + 1, eol);
    const next = eol + 2;
    if (type === '+') return { value: { status: line }, end: next };
    if (type === '-') return { value: { error: line }, end: next };
    if (type === ':') return { value: Number(line), end: next };
    if (type === '$') {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (b.length < next + n + 2) return undefined;
      return { value: b.toString('utf8', next, next + n), end: next + n + 2 };
    }
    const n = Number(line);
    if (n < 0) return { value: null, end: next };
    const items: Reply[] = [];
    let pos = next;
    for (let i = 0; i < n; i++) {
      const item = RespClient.parse(b, pos);
      if (!item) return undefined;
      items.push(item.value);
      pos = item.end;
    }
    return { value: items, end: pos };
  }
  send(cmd: unknown[]): Promise<Reply> {
    const parts = cmd.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
    const wire = `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('');
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.sock.write(wire);
    });
  }
  close() {
    this.sock.end();
  }
}

function encode(r: Reply, base64: boolean): unknown {
  if (r === null || typeof r === 'number') return r;
  if (typeof r === 'string') return base64 ? Buffer.from(r).toString('base64') : r;
  if (Array.isArray(r)) return r.map((x) => encode(x, base64));
  if ('status' in r) return r.status;
  return r;
}

const toEnvelope = (r: Reply, base64: boolean) =>
  r && typeof r === 'object' && 'error' in r ? { error: r.error } : { result: encode(r, base64) };

export interface UpstashRestEndpoint {
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function startUpstashRestEndpoint(opts: { redisUrl: string; token: string; port?: number }): Promise<UpstashRestEndpoint> {
  const redis = await RespClient.open(opts.redisUrl);
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${opts.token}`) return reply(401, { error: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown[];
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/pipeline' || path === '/multi-exec') {
        const cmds = body as unknown[][];
        if (path === '/multi-exec') {
          await redis.send(['MULTI']);
          for (const c of cmds) await redis.send(c);
          const results = (await redis.send(['EXEC'])) as Reply[] | { error: string };
          if (!Array.isArray(results)) return reply(400, results);
          return reply(200, results.map((r) => toEnvelope(r, base64)));
        }
        const results = await Promise.all(cmds.map((c) => redis.send(c)));
        return reply(200, results.map((r) => toEnvelope(r, base64)));
      }
      if (!Array.isArray(body)) return reply(400, { error: 'ERR command must be an array' });
      const r = await redis.send(body);
      const env = toEnvelope(r, base64);
      return reply('error' in env ? 400 : 200, env);
    } catch (e) {
      return reply(400, { error: `ERR ${(e as Error).message}` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token: opts.token,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      redis.close();
    },
  };
}
