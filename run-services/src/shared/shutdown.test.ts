import { describe, expect, it } from 'vitest';
import { gracefulShutdown, runShutdownSteps } from './shutdown.js';

describe('runShutdownSteps', () => {
  it('runs the steps in registration order and reports success', async () => {
    const done: string[] = [];
    const r = await runShutdownSteps(
      [
        { name: 'stop consuming', run: () => void done.push('stop') },
        { name: 'flush the publisher', run: async () => void done.push('flush') },
      ],
      1_000,
      () => undefined,
    );
    expect(done).toEqual(['stop', 'flush']);
    expect(r).toEqual({ ok: true, failed: [] });
  });

  it('keeps going after a failing step and names it', async () => {
    const done: string[] = [];
    const lines: string[] = [];
    const r = await runShutdownSteps(
      [
        { name: 'close subscriptions', run: () => Promise.reject(new Error('socket gone')) },
        { name: 'flush the publisher', run: () => void done.push('flush') },
      ],
      1_000,
      (l) => lines.push(l),
    );
    // The publisher is still flushed: a failed close must not lose the messages already accepted.
    expect(done).toEqual(['flush']);
    expect(r).toEqual({ ok: false, failed: ['close subscriptions'] });
    expect(lines).toEqual(['close subscriptions failed: socket gone']);
  });

  it('gives up on a step that never finishes once the deadline passes, naming it', async () => {
    const lines: string[] = [];
    const r = await runShutdownSteps([{ name: 'drain', run: () => new Promise(() => undefined) }], 20, (l) => lines.push(l));
    expect(r).toEqual({ ok: false, failed: ['drain'] });
    expect(lines).toEqual(['drain did not finish within 20 ms; exiting anyway']);
  });
});

describe('gracefulShutdown', () => {
  it('on SIGTERM aborts its signal, runs the steps and exits 0', async () => {
    let onExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (onExit = resolve));
    const done: string[] = [];
    const s = gracefulShutdown('test', { exit: (c) => onExit(c), log: () => undefined });
    s.add('flush', () => void done.push('flush'));
    expect(s.stopping).toBe(false);
    process.emit('SIGTERM', 'SIGTERM');
    expect(s.signal.aborted).toBe(true);
    expect(s.stopping).toBe(true);
    expect(await exited).toBe(0);
    expect(done).toEqual(['flush']);
  });
});
