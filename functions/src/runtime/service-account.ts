import { setGlobalOptions } from 'firebase-functions/v2';

/**
 * The account every function runs as: `cascade-functions`, which `npm run infra -- apply` creates and
 * grants only what the functions use (Firestore, their topics and secrets, the reports bucket, Eventarc
 * delivery and invoking themselves), instead of the default compute account, which holds Editor on the
 * whole project. `name@` is firebase-tools' short form: it appends `<project>.iam.gserviceaccount.com`.
 *
 * Set globally, and imported first by index.ts so it precedes every trigger definition (global options
 * apply to triggers defined after the call); `service-account.test.ts` checks every exported function.
 */
export const FUNCTIONS_SERVICE_ACCOUNT = 'cascade-functions@';

setGlobalOptions({ serviceAccount: FUNCTIONS_SERVICE_ACCOUNT });
