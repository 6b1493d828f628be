/**
 * `position_slots/{id}`: one document per (venue, symbol) while a position is open there, written
 * and removed in the same transactions as the position. Document ids cannot contain '/'.
 */
export function positionSlotId(exchange: string, symbol: string): string {
  return `${exchange}:${symbol}`.replace(/\//g, '-');
}
