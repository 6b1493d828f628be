import { defineInt, defineSecret, defineString } from 'firebase-functions/params';

/**
 * Every deploy-time parameter of the functions, in one place (`firebase deploy` asks for the strings
 * and binds the secrets per function). The adapters take plain values; the functions read these with
 * `.value()` at run time — locally and in tests they are the environment variables of the same name.
 */

/** SendGrid API key; without it notifications are rendered and stored, not emailed. */
export const sendgridApiKey = defineSecret('SENDGRID_API_KEY');
export const alertEmailTo = defineString('ALERT_EMAIL_TO', { default: 'trader@example.com', description: 'Who receives Cascade alerts (when notification_settings/default lists no recipients)' });
export const alertEmailFrom = defineString('ALERT_EMAIL_FROM', { default: 'cascade@example.com', description: 'Verified SendGrid sender for Cascade alerts (when notification_settings/default keeps the default sender)' });
/** Only for tests: point the real SendGrid client at a local server implementing v3 mail/send. */
export const sendgridBaseUrl = defineString('SENDGRID_BASE_URL', { default: '', description: 'Override of https://api.sendgrid.com (tests only)' });

/** Only for tests: a local server implementing the Bot API's sendMessage. */
export const telegramApiBase = defineString('TELEGRAM_API_BASE', { default: 'https://api.telegram.org', description: 'Telegram Bot API base URL (override for tests only)' });

/** Only for tests and the local stack: per-exchange ccxt constructor overrides (e.g. `urls` of a local fake). */
export const ccxtOverrides = defineString('CCXT_OVERRIDES', { default: '', description: 'JSON {exchange: ccxt constructor config} merged into each venue client (tests only)' });

/** The operator API key of the watchlist API (Secret Manager in the cloud, the CASCADE_API_KEY variable locally). */
export const cascadeApiKey = defineSecret('CASCADE_API_KEY');

/** Only for the at-least-once drills (tests, `npm start --publish-twice`): 1 publishes every message twice. */
export const publishTwice = defineInt('CASCADE_PUBLISH_TWICE', { default: 0, description: 'Tests only: 1 publishes every message twice (at-least-once drills)' });

/** Only for tests and testnets: ccxt `urls` per exchange (JSON), merged into each live venue client. */
export const venueUrls = defineString('CASCADE_VENUE_URLS', { default: '', description: 'JSON {exchange: ccxt urls} pointing live venue clients at a fake or a testnet (tests only; empty in production)' });

/** Where report files go instead of Storage (tests and the local stack). */
export const reportsDir = defineString('CASCADE_REPORTS_DIR', { default: '', description: 'Local folder for report files instead of Cloud Storage (local runs only)' });

/** `json` when deployed (the build writes it into the bundle's .env): one Cloud Logging entry per line. */
export const logFormat = defineString('CASCADE_LOG_FORMAT', { default: 'text', description: 'json (Cloud Logging entries) or text', input: { select: { options: [{ value: 'json' }, { value: 'text' }] } } });
