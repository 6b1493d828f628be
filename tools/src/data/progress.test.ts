import { describe, expect, it } from 'vitest';
import { formatBytes, progressOn } from './progress.js';

function fakeStream(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const out = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { out, text: () => chunks.join('') };
}

describe('download progress', () => {
  it('draws a bar in place on a TTY and ends the file on its own line', () => {
    let t = 0;
    const { out, text } = fakeStream(true);
    const p = progressOn(out, () => t);
    p.fileStarted(2, 3, 'BTCUSDT-aggTrades-2024-01.zip', 0);
    t = 2_000;
    p.bytes(10 * 1024 ** 2, 40 * 1024 ** 2); // a quarter, 10 MB in 2 s
    p.fileEnded('40.0 MB downloaded, SHA-256 ok');
    expect(text()).toBe(
      '\r\x1b[2K[######..................]  25.0% 10.0 MB / 40.0 MB  5.0 MB/s  (2/3) BTCUSDT-aggTrades-2024-01.zip' +
        '\r\x1b[2Kdata: (2/3) BTCUSDT-aggTrades-2024-01.zip: 40.0 MB downloaded, SHA-256 ok\n',
    );
  });

  it('writes plain lines off a TTY: start, each quarter of a large file, end', () => {
    const { out, text } = fakeStream(false);
    const p = progressOn(out, () => 0);
    p.fileStarted(1, 1, 'BTCUSDT-trades-2024-01.zip', 5 * 1024 ** 2);
    for (let mb = 6; mb <= 40; mb++) p.bytes(mb * 1024 ** 2, 40 * 1024 ** 2);
    p.fileEnded('ok');
    expect(text().split('\n')).toEqual([
      'data: (1/1) BTCUSDT-trades-2024-01.zip resuming after 5.0 MB',
      'data: (1/1) BTCUSDT-trades-2024-01.zip 25% of 40.0 MB',
      'data: (1/1) BTCUSDT-trades-2024-01.zip 50% of 40.0 MB',
      'data: (1/1) BTCUSDT-trades-2024-01.zip 75% of 40.0 MB',
      'data: (1/1) BTCUSDT-trades-2024-01.zip: ok',
      '',
    ]);
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(27.1 * 1024 ** 2), formatBytes(3 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '27.1 MB', '3.00 GB']);
  });
});
