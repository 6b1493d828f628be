import type { ValueOf } from '../../util/value-of.js';

/** Handler names as they appear in logs and in `order.rejected.handler`. */
export const HandlerName = {
  EntryGate: 'entry_gate',
  ExistingPosition: 'existing_position',
  Reversal: 'reversal',
  PositionLimit: 'position_limit',
  Sizing: 'sizing',
  Exposure: 'exposure',
  Sanity: 'sanity',
  Placement: 'placement',
  Monitoring: 'monitoring',
} as const;
export type HandlerName = ValueOf<typeof HandlerName>;
