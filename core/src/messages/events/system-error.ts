import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';

export const SystemError = envelopeSchema(
  'system.error',
  z.strictObject({
    component: z.string(),
    error: z.string(),
    critical: z.boolean(),
  }),
);
export type SystemError = z.infer<typeof SystemError>;
