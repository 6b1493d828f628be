import { onInit } from 'firebase-functions/v2';
import { processLogs } from '@cascade/adapters/logging';
import { logFormat } from './params.js';
import { platformEnv } from './platform-env.js';

/**
 * Deployed functions log one Cloud Logging entry per line (severity, message, the handled message's
 * correlation id as label and trace): `npm run build` writes CASCADE_LOG_FORMAT=json into the
 * bundle's .env, which firebase deploy turns into the functions' environment. Locally (the
 * functions-framework of `npm start` and the tests) lines stay plain text. Decided in `onInit`, before
 * the first invocation, where params have their values (not while `firebase deploy` reads the code).
 */
onInit(() => {
  const env = platformEnv();
  processLogs(env.K_SERVICE ?? 'functions', { CASCADE_LOG_FORMAT: logFormat.value(), GOOGLE_CLOUD_PROJECT: env.GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT: env.GCLOUD_PROJECT });
});
