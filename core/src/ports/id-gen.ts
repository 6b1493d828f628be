/** Fresh unique ids come in through this port (random UUIDs at the edge, a counter in tests). */
export interface IdGen {
  next(prefix: string): string;
}

export class SequentialIdGen implements IdGen {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}-${this.n}`;
  }
}
