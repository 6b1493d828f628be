import { type Deps, deps as edgeDeps } from '@cascade/adapters/firestore';
import { secretResolver } from '@cascade/adapters/secrets';
import { publishTwice, venueUrls } from './params.js';
import { platformEnv } from './platform-env.js';

/**
 * This instance's edge (Firestore, the bus, the clock, live venue settings), built on first use from
 * the declared params and platform variables, then reused across invocations.
 */
export function deps(): Deps {
  return edgeDeps({ publishTwice: publishTwice.value() === 1, live: { venueUrlsJson: venueUrls.value(), secrets: secretResolver(platformEnv()) } });
}
