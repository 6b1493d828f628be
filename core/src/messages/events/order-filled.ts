import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { DecimalString } from '../decimal-string.js';

export const OrderFilled = envelopeSchema(
  'order.filled',
  z.strictObject({
    clientOrderId: z.string(),
    positionId: z.string(),
    symbol: z.string(),
    exchange: z.string(),
    intent: z.enum(['open', 'close']),
    side: z.enum(['buy', 'sell']),
    price: DecimalString,
    amount: DecimalString,
    fee: DecimalString,
    feeCurrency: z.string(),
    venue: z.enum(['paper', 'live']),
  }),
);
export type OrderFilled = z.infer<typeof OrderFilled>;
