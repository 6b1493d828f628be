import { describe, expect, it } from 'vitest';
import { Level } from './level.js';
import { LevelFunnel } from './level-funnel.js';
import { LevelRun } from './level-run.js';
import { ZoneStop } from './stop-reasons.js';

describe('LevelRun', () => {
  it('adds runs of the same outcome to the funnel as the single records would, once flushed', () => {
    const funnel = new LevelFunnel();
    const run = new LevelRun(funnel, Level.Zone);
    // 3 × wrongSide, 2 × passed, 1 × awayFromZone, 1 × wrongSide: by hand, 7 evaluated, 2 passed,
    // 5 stopped (wrongSide 4, awayFromZone 1, noZone 0).
    for (const [passed, reason] of [[false, ZoneStop.WrongSide], [false, ZoneStop.WrongSide], [false, ZoneStop.WrongSide], [true, undefined], [true, undefined], [false, ZoneStop.AwayFromZone], [false, ZoneStop.WrongSide]] as const) run.record(passed, reason);
    // The last run is still pending: the funnel has the first three runs (6 evaluations).
    expect(funnel.snapshot().find((r) => r.level === Level.Zone)?.evaluated).toBe(6);
    run.flush();
    run.flush();
    const row = funnel.snapshot().find((r) => r.level === Level.Zone);
    expect(row).toEqual({ level: Level.Zone, evaluated: 7, stoppedHere: 5, passed: 2, reasons: { wrongSide: 4, noZone: 0, awayFromZone: 1 } });
  });
});
