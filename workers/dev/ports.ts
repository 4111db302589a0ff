/** Local ports for the dev stack, its tests and CI runs. */
import { createServer } from 'node:net';

/** `n` distinct free ports (held open together, so the kernel cannot hand out the same one twice). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (srv) =>
        new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve((srv.address() as { port: number }).port));
        }),
    ),
  );
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}

export const freePort = async () => (await freePorts(1))[0]!;

/** Fails with a message naming the variable that moves the port, when something already listens on it. */
export function assertPortFree(port: number, what: string, variable: string) {
  return new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', () => reject(new Error(`port ${port} (${what}) is already in use: is another \`npm start\` running? Set ${variable} to use another port.`)));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
  });
}
