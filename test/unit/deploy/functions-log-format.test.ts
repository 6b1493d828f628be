import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function firstInvocation(env: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CASCADE_') && k !== 'K_SERVICE'));
    execFile(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/first-invocation.mts')], { cwd: root, env: { ...clean, ...env }, timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim().split('\n'))));
  });
}

describe('the functions\' log format comes from the CASCADE_LOG_FORMAT param (issue 12 items 4 and 5)', () => {
  it('json (what the build writes into the bundle\'s .env): one Cloud Logging entry per line, labelled with the service', async () => {
    const lines = await firstInvocation({ CASCADE_LOG_FORMAT: 'json', K_SERVICE: 'watchlistapi', GOOGLE_CLOUD_PROJECT: 'acme' });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ severity: 'INFO', message: 'probe line', 'logging.googleapis.com/labels': { service: 'watchlistapi' } });
  }, 90_000);

  it('unset (the local stack): plain text', async () => {
    const lines = await firstInvocation({});
    expect(lines.at(-1)).toBe('probe line');
  }, 90_000);
});
