import { processLogs } from '@cascade/adapters/logging';

/**
 * Deployed functions log one Cloud Logging entry per line (severity, message, the handled message's
 * correlation id as label and trace): `npm run build` writes CASCADE_LOG_FORMAT=json into the
 * bundle's .env, which firebase deploy turns into the functions' environment. Locally (the
 * functions-framework of `npm start` and the tests) lines stay plain text.
 */
processLogs(process.env.K_SERVICE ?? 'functions', process.env);
