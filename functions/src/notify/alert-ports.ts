import { sleep } from '@cascade/adapters/clock';
import type { NotificationSettings } from '@cascade/core';
import { type DiscordSender, type Mailer, type TelegramSender, type WebhookSender, discordSender, sendgridMailer, telegramSender, webhookSender } from '@cascade/adapters/notify';
import { type SecretResolver, secretResolver } from '@cascade/adapters/secrets';
import { alertEmailFrom, alertEmailTo, sendgridApiKey, sendgridBaseUrl, telegramApiBase } from '../runtime/params.js';
import { platformEnv } from '../runtime/platform-env.js';

/** Everything the alert channels need from the edge; tests build their own. */
export interface AlertPorts {
  readonly mail: Mailer | null;
  readonly secrets: SecretResolver;
  readonly webhook: WebhookSender;
  readonly telegram: TelegramSender;
  readonly discord: DiscordSender;
  /** Waits between HTTP attempts (a no-op or a recorder in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Settings to use instead of `notification_settings/default` (tests). */
  readonly settings?: NotificationSettings;
}

export function defaultAlertPorts(mail: Mailer | null): AlertPorts {
  return {
    mail,
    secrets: secretResolver(platformEnv()),
    webhook: webhookSender(),
    telegram: telegramSender(telegramApiBase.value() || 'https://api.telegram.org'),
    discord: discordSender(),
    sleep: (ms) => sleep(ms),
  };
}

// Resolved once per instance: secrets are bound at deploy and do not change under a running instance.
let instanceMailer: { mail: Mailer | null } | null = null;
let instancePorts: AlertPorts | null = null;

/** This instance's ports (built once), with the given mailer and any overrides. */
export function alertPorts(mail: Mailer | null, overrides: Partial<Omit<AlertPorts, 'mail'>> = {}): AlertPorts {
  instancePorts ??= defaultAlertPorts(null);
  return { ...instancePorts, ...overrides, mail };
}

/** The SendGrid mailer configured by the deploy-time params as they are now (null without SENDGRID_API_KEY). */
export function mailerFromParams(): Mailer | null {
  return sendgridMailer({ apiKey: sendgridApiKey.value(), to: alertEmailTo.value(), from: alertEmailFrom.value(), baseUrl: sendgridBaseUrl.value() });
}

/** The mailer of this instance (SENDGRID_API_KEY is bound at deploy). */
export function instanceMail(): Mailer | null {
  instanceMailer ??= { mail: mailerFromParams() };
  return instanceMailer.mail;
}
