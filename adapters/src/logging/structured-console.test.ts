import { afterEach, describe, expect, it } from 'vitest';
import { withLogContext } from './log-context.js';
import { installStructuredConsole, processLogs, traceIdOf } from './structured-console.js';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('structured logs for Cloud Logging (issue 12 item 5)', () => {
  it('each console call is one JSON entry with its severity; inside a handled message it carries the correlation id as label and trace', async () => {
    const lines: string[] = [];
    restore = installStructuredConsole({ service: 'analytics', project: 'acme', write: (l) => lines.push(l) });
    console.log('plain %d', 7);
    console.warn('careful');
    console.error(new Error('boom').message);
    await withLogContext({ correlationId: 'setup-123', eventId: 'evt-9', messageType: 'setup.detected' }, async () => {
      await Promise.resolve();
      console.info('inside');
    });
    const e = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(e.map((x) => [x.severity, x.message])).toEqual([['INFO', 'plain 7'], ['WARNING', 'careful'], ['ERROR', 'boom'], ['INFO', 'inside']]);
    expect(e[0]?.['logging.googleapis.com/labels']).toEqual({ service: 'analytics' });
    expect(e[0]?.['logging.googleapis.com/trace']).toBeUndefined();
    expect(e[3]).toMatchObject({ correlationId: 'setup-123', eventId: 'evt-9', messageType: 'setup.detected', 'logging.googleapis.com/labels': { service: 'analytics', correlationId: 'setup-123' } });
    // Cloud Trace ids are 32 hex digits; the same correlation id gives the same trace in every service.
    expect(e[3]?.['logging.googleapis.com/trace']).toBe(`projects/acme/traces/${traceIdOf('setup-123')}`);
    expect(traceIdOf('setup-123')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('text unless CASCADE_LOG_FORMAT=json; a metrics line puts its fields at the top level; a bad value is refused', () => {
    const lines: string[] = [];
    const text = processLogs('streamer', {}, (l) => lines.push(l));
    expect(text.json).toBe(false);
    text.fields('INFO', 'metrics', { tradesPerSec: 3 });
    expect(lines.pop()).toBe('streamer: metrics {"tradesPerSec":3}');
    const json = processLogs('streamer', { CASCADE_LOG_FORMAT: 'json', GOOGLE_CLOUD_PROJECT: 'acme' }, (l) => lines.push(l));
    restore = json.restore;
    json.fields('INFO', 'metrics', { metrics: { tradesPerSec: 3 } });
    expect(JSON.parse(lines.pop() as string)).toMatchObject({ severity: 'INFO', message: 'metrics', metrics: { tradesPerSec: 3 } });
    expect(() => processLogs('x', { CASCADE_LOG_FORMAT: 'yaml' })).toThrow(/json or text/);
  });
});
