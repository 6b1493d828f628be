import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { defineSecret, defineString } from 'firebase-functions/params';
import type { RenderedEmail } from '@cascade/core';

export const sendgridApiKey = defineSecret('SENDGRID_API_KEY');
export const alertEmailTo = defineString('ALERT_EMAIL_TO', { default: 'trader@example.com', description: 'Who receives Cascade alerts (when notification_settings/default lists no recipients)' });
export const alertEmailFrom = defineString('ALERT_EMAIL_FROM', { default: 'cascade@example.com', description: 'Verified SendGrid sender for Cascade alerts (when notification_settings/default keeps the default sender)' });
/** Only for tests: point the real SendGrid client at a local server implementing v3 mail/send. */
export const sendgridBaseUrl = defineString('SENDGRID_BASE_URL', { default: '', description: 'Override of https://api.sendgrid.com (tests only)' });

/** Who an email goes to and from whom; the console's notification settings can override the deploy-time defaults. */
export interface MailRoute {
  readonly to: readonly string[];
  readonly from: string;
}

export interface Mailer {
  /** Deploy-time default recipient (ALERT_EMAIL_TO). */
  readonly to: string;
  /** Deploy-time default sender (ALERT_EMAIL_FROM). */
  readonly from: string;
  send(email: RenderedEmail, route?: MailRoute): Promise<void>;
}

/** The SendGrid mailer when a key is configured, otherwise null (notifications are stored only). */
export function mailer(): Mailer | null {
  const key = sendgridApiKey.value();
  if (!key) return null;
  const client = new Client();
  client.setApiKey(key);
  const base = sendgridBaseUrl.value();
  if (base) client.setDefaultRequest('baseUrl', base);
  const sgMail = new MailService();
  sgMail.setClient(client);
  const to = alertEmailTo.value();
  const from = alertEmailFrom.value();
  return {
    to,
    from,
    async send(email, route) {
      const rcpt = route && route.to.length > 0 ? [...route.to] : to;
      await sgMail.send({ to: rcpt, from: route?.from ?? from, subject: email.subject, text: email.text, html: email.html });
    },
  };
}
