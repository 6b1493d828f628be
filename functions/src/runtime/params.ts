import { defineSecret, defineString } from 'firebase-functions/params';

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
