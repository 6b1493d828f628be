import { z } from 'zod';

/**
 * Every message on the bus travels in this envelope (../shared/DESIGN.md). `tsEvent` is when the thing
 * happened (venue or tape clock), `tsInit` when we created the message (wall clock of the producer);
 * both UTC epoch ms. `correlationId` ties a whole chain together (trade batch → setup → signal →
 * order → notification); `causationId` names the message that directly caused this one.
 */
export const envelopeFields = {
  eventId: z.string().min(1).max(128),
  tsEvent: z.number().int().nonnegative(),
  tsInit: z.number().int().nonnegative(),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
} as const;

export function envelopeSchema<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.strictObject({ type: z.literal(type), ...envelopeFields, payload });
}

export interface EnvelopeMeta {
  readonly eventId: string;
  readonly tsEvent: number;
  readonly tsInit: number;
  readonly correlationId: string;
  readonly causationId: string | null;
}
