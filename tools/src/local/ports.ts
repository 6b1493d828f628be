import { sleep } from '@cascade/adapters/clock';
import { connect, createServer } from 'node:net';

/** A free TCP port on loopback (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `probe` every 100 ms until it says yes; fail early if the process `exited`, or at the deadline. */
async function pollUntil(probe: () => Promise<boolean>, what: string, where: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void exited?.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited during start-up; see its log`);
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not answer at ${where} within ${timeoutMs} ms; see its log`);
}

/** Wait until `url` answers any HTTP status. */
export function waitForHttp(url: string, what: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  return pollUntil(
    () => fetch(url, { signal: AbortSignal.timeout(1_000) }).then(() => true, () => false),
    what,
    url,
    timeoutMs,
    exited,
  );
}

/**
 * Wait until something accepts TCP connections on `port`. For function hosts: an HTTP request to a
 * CloudEvent function would invoke it.
 */
export function waitForPort(port: number, what: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  const probe = () =>
    new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
  return pollUntil(probe, what, `port ${port}`, timeoutMs, exited);
}
