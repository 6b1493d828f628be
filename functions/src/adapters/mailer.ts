import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { defineSecret, defineString } from 'firebase-functions/params';
import type { RenderedEmail } from '@cascade/core';

export const sendgridApiKey = defineSecret('SENDGRID_API_KEY');
export const alertEmailTo = defineString('ALERT_EMAIL_TO', { default: 'trader@example.com', description: 'Who receives Cascade alerts' });
export const alertEmailFrom = defineString('ALERT_EMAIL_FROM', { default: 'cascade@example.com', description: 'Verified SendGrid sender for Cascade alerts' });
/** Only for tests: point the real SendGrid client at a local server implementing v3 mail/send. */
export const sendgridBaseUrl = defineString('SENDGRID_BASE_URL', { default: '', description: 'Override of https://api.sendgrid.com (tests only)' });

export interface Mailer {
  readonly to: string;
  send(email: RenderedEmail): Promise<void>;
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
    async send(email) {
      await sgMail.send({ to, from, subject: email.subject, text: email.text, html: email.html });
    },
  };
}
