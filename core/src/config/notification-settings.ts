import { z } from 'zod';
import { SecretRef } from './module-config.js';

export const Severity = { Critical: 'critical', Warning: 'warning', Info: 'info' } as const;

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
  webhooks: z
    .array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/ }),
        /** HMAC-SHA256 signing key, held in Secret Manager. */
        secretRef: SecretRef,
        /** Severities delivered to this endpoint. */
        severities: z.array(z.enum(['critical', 'warning', 'info'])).default(['critical', 'warning', 'info']),
        maxAttempts: z.number().int().min(1).max(10).default(5),
      }),
    )
    .default([]),
  telegram: z.strictObject({ enabled: z.boolean().default(false), botTokenSecretRef: SecretRef, chatId: z.string() }).optional(),
  discord: z.strictObject({ enabled: z.boolean().default(false), webhookUrlSecretRef: SecretRef }).optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
