import type { Exchange, Order } from 'ccxt';
import { isCcxtError } from '@cascade/core';
import type { ClientIdLookup } from './venue-profile.js';

/**
 * The ccxt calls that address an order by our client order id (encoded for the venue) rather than
 * by the venue's order id: the lookup behind exactly-once placement, and the idempotent cancel.
 * Both run inside one `VenueCallGuard` attempt of the caller.
 */

/** ccxt finds an order by the client-id param when the id argument is undefined; its types say string. */
const NO_ID = undefined as unknown as string;

const isNotFound = (e: unknown): boolean => isCcxtError(e, 'OrderNotFound');

/**
 * The order whose venue client id is `venueClientId`, tried through the profile's `lookups` in
 * turn (e.g. open, then closed orders); null when none knows it.
 */
export async function findOrderByClientId(client: Exchange, lookups: readonly ClientIdLookup[], symbol: string, venueClientId: string): Promise<Order | null> {
  for (const l of lookups) {
    try {
      let found: Order | undefined;
      if (l.method === 'fetchOrder') found = await client.fetchOrder(NO_ID, symbol, l.params);
      else {
        const list = l.method === 'fetchOpenOrders' ? await client.fetchOpenOrders(symbol, undefined, undefined, l.params) : await client.fetchClosedOrders(symbol, undefined, undefined, l.params);
        found = list.find((o) => o.clientOrderId === venueClientId);
      }
      // Some venues answer an unknown id with an empty order rather than an error.
      if (found !== undefined && found.id !== undefined && found.id !== null) return found;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return null;
}

/**
 * Cancels with each of `variants` (the client-id param, then with the venue's conditional-order
 * params) until one is accepted. An order no variant finds is not an error: nothing to cancel.
 */
export async function cancelByClientId(client: Exchange, symbol: string, variants: readonly Record<string, unknown>[]): Promise<void> {
  for (const params of variants) {
    try {
      await client.cancelOrder(NO_ID, symbol, params);
      return;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
