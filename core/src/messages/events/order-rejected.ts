import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';

/** The execution chain refused a signal or the venue refused the order; `handler` names who. */
export const OrderRejected = envelopeSchema(
  'order.rejected',
  z.strictObject({
    clientOrderId: z.string(),
    signalId: z.string(),
    symbol: z.string(),
    handler: z.string(),
    reason: z.string(),
  }),
);
export type OrderRejected = z.infer<typeof OrderRejected>;
