import type { OrderFilled } from '../messages/events/order-filled.js';
import type { OrderRejected } from '../messages/events/order-rejected.js';
import type { PositionClosed } from '../messages/events/position-closed.js';
import type { SystemError } from '../messages/events/system-error.js';
import type { ConfigRejected } from '../messages/events/config-rejected.js';
import type { ReconciliationResolved } from '../messages/events/reconciliation-resolved.js';

/** The `trading.events` messages a person is told about (email, chat, webhook, digest). */
export type NotifiableEvent = OrderFilled | OrderRejected | PositionClosed | SystemError | ConfigRejected | ReconciliationResolved;
