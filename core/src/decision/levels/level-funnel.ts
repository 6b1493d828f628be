import { type Level, levelOrder } from './level.js';

export interface FunnelRow {
  level: string;
  evaluated: number;
  stoppedHere: number;
  passed: number;
}

/** How many evaluations reached each level and how many stopped there (issue 4: a counter per level). */
export class LevelFunnel {
  private readonly rows = new Map<Level, FunnelRow>(levelOrder.map((l) => [l, { level: l, evaluated: 0, stoppedHere: 0, passed: 0 }]));

  record(level: Level, passed: boolean): void {
    const r = this.rows.get(level) as FunnelRow;
    r.evaluated += 1;
    if (passed) r.passed += 1;
    else r.stoppedHere += 1;
  }

  snapshot(): FunnelRow[] {
    return levelOrder.map((l) => ({ ...(this.rows.get(l) as FunnelRow) }));
  }
}
