import { z } from 'zod';
import { SignalGenerated } from '@cascade/core';

/**
 * What a redelivered setup reads back of its `signals/{signalId}` document (written once by
 * `decideSetup`): the decision and, for a trade, the `signal.generated` message to re-publish.
 */
export const StoredSignalSchema = z.object({ decision: z.enum(['trade', 'no_trade']), message: SignalGenerated.nullable() });
