import { z } from 'zod';
import { SecretRef } from './module-config.js';

export const Severity = { Critical: 'critical', Warning: 'warning', Info: 'info' } as const;

/**
 * Hosts whose webhook URLs are themselves the credential (anyone holding the URL can post): such a URL
 * belongs in Secret Manager (`urlSecretRef`), never in a Firestore document an admin session can read.
 */
const CREDENTIAL_URL_HOSTS: readonly string[] = ['hooks.slack.com', 'discord.com', 'discordapp.com', 'outlook.office.com', 'webhook.office.com', 'chat.googleapis.com'];

/** True when the URL carries its own credential: user info, a known hook host, or a token-like query. */
export function urlCarriesCredential(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password) return true;
  if (CREDENTIAL_URL_HOSTS.some((h) => u.hostname === h || u.hostname.endsWith(`.${h}`))) return true;
  return [...u.searchParams.keys()].some((k) => /token|key|secret|sig|auth|password/i.test(k));
}

/**
 * One webhook endpoint. The URL is either plain config (`url`, for an endpoint whose URL is not a
 * credential; it is refused when it looks like one) or held in Secret Manager (`urlSecretRef`, for
 * Slack-style hooks whose URL is the credential): exactly one of the two.
 */
export const WebhookTargetSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Secret Manager reference whose value is the endpoint URL. */
    urlSecretRef: SecretRef.optional(),
    /** HMAC-SHA256 signing key, held in Secret Manager. */
    secretRef: SecretRef,
    /** Severities delivered to this endpoint. */
    severities: z.array(z.enum(['critical', 'warning', 'info'])).default(['critical', 'warning', 'info']),
    maxAttempts: z.number().int().min(1).max(10).default(5),
  })
  .refine((w) => (w.url === undefined) !== (w.urlSecretRef === undefined), { message: 'give exactly one of url and urlSecretRef' })
  .refine((w) => w.url === undefined || !urlCarriesCredential(w.url), {
    message: 'this webhook URL carries its own credential (user info, a token-like query, or a Slack/Discord/Teams/Chat hook): store it in Secret Manager and set urlSecretRef instead of url',
    path: ['url'],
  });
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

/**
 * `notification_settings/default`: who hears about what, and how often (§2.2.0.2: critical at once,
 * warnings throttled, info batched into a digest).
 */
export const NotificationSettingsSchema = z.strictObject({
  email: z
    .strictObject({
      enabled: z.boolean().default(true),
      to: z.array(z.email()).default([]),
      from: z.email().default('cascade@example.com'),
    })
    .prefault({}),
  /** At most one warning email per event type per this many minutes. */
  warningThrottleMinutes: z.number().int().min(1).max(1440).default(15),
  /** Info events are collected and sent as one digest every N minutes. */
  digestMinutes: z.number().int().min(5).max(1440).default(60),
  webhooks: z.array(WebhookTargetSchema).default([]),
  telegram: z.strictObject({ enabled: z.boolean().default(false), botTokenSecretRef: SecretRef, chatId: z.string() }).optional(),
  discord: z.strictObject({ enabled: z.boolean().default(false), webhookUrlSecretRef: SecretRef }).optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
