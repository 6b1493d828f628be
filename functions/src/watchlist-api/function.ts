import { onRequest } from 'firebase-functions/v2/https';
import { getApps } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { deps } from '../runtime/deps.js';
import { flattenLivePositions } from '@cascade/adapters/execution';
import { cascadeApiKey } from '../runtime/params.js';
import { instanceVenueMarkets } from '../runtime/venue-markets.js';
import { Authenticator } from './auth.js';
import type { ApiRequest, ApiResponse } from './http.js';
import { firebaseIdTokenVerifier } from './id-token.js';
import { FirestoreRateLimiter } from './rate-limit.js';
import { createWatchlistApi, nodeHandler } from './watchlist-api.js';
import { WatchlistStore } from './watchlist-store.js';

let api: ((req: ApiRequest) => Promise<ApiResponse>) | null = null;

/** Built on the first request of an instance and reused (markets cache, Firestore and Auth clients). */
function instanceApi(): (req: ApiRequest) => Promise<ApiResponse> {
  if (api) return api;
  const d = deps();
  const app = getApps()[0];
  if (!app) throw new Error('firebase-admin app missing after deps()');
  const now = () => d.clock.now();
  api = createWatchlistApi({
    store: new WatchlistStore(d.db, now),
    markets: instanceVenueMarkets(),
    auth: new Authenticator({ apiKey: () => cascadeApiKey.value() ?? '', verifier: firebaseIdTokenVerifier(getAuth(app)) }),
    limiter: new FirestoreRateLimiter(d.db, now),
    log: d.log,
    flatten: (scope) => flattenLivePositions(d, scope, d.log),
  });
  return api;
}

export const handleWatchlistRequest = nodeHandler(instanceApi);

/**
 * §5.3 watchlist API: `/api/v1/watchlist/...` on this function's URL. Venue markets are held in memory
 * (hence 512 MiB); a handful of instances is plenty for operator traffic.
 */
export const watchlistApi = onRequest({ secrets: [cascadeApiKey], memory: '512MiB', timeoutSeconds: 60, maxInstances: 5 }, handleWatchlistRequest);
