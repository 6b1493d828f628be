import { describe, expect, it } from 'vitest';
import { type MonitoredPosition, PositionMonitor } from '@cascade/core';
import { syncMonitoredPositions } from './position-sync.js';

const pos = (id: string): MonitoredPosition => ({ positionId: id, symbol: 'SOL/USDT', side: 'long', entryPrice: 100, openedAt: 0, trailingStopPct: 0.005, maxHoldMs: 60_000, initialStop: null });

describe('syncMonitoredPositions', () => {
  it('watches every open position it reads, never one it has already exited, and returns the open ids', async () => {
    const m = new PositionMonitor();
    m.track(pos('p1'));
    m.forget('p0', 'SOL/USDT'); // exited earlier: must not come back
    const open = await syncMonitoredPositions(async () => [pos('p0'), pos('p1'), pos('p2')], m, () => true, () => undefined);
    expect(m.size).toBe(2);
    expect([...open].sort()).toEqual(['p0', 'p1', 'p2']);
  });
});
