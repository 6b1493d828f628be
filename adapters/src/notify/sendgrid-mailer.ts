import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import type { RenderedEmail } from '@cascade/core';

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

/** What the SendGrid mailer is configured with (the functions pass their deploy-time params). */
export interface SendgridMailerOptions {
  /** SendGrid API key; empty or absent means no mailer. */
  readonly apiKey: string | undefined;
  /** Default recipient when the console lists none. */
  readonly to: string;
  /** Default (verified) sender. */
  readonly from: string;
  /** Only for tests: a local server implementing v3 mail/send instead of https://api.sendgrid.com ('' = the real one). */
  readonly baseUrl?: string;
}

/** The SendGrid mailer when a key is configured, otherwise null (notifications are stored only). */
export function sendgridMailer(opts: SendgridMailerOptions): Mailer | null {
  const key = opts.apiKey;
  if (!key) return null;
  const client = new Client();
  client.setApiKey(key);
  const base = opts.baseUrl;
  if (base) client.setDefaultRequest('baseUrl', base);
  const sgMail = new MailService();
  sgMail.setClient(client);
  const { to, from } = opts;
  return {
    to,
    from,
    async send(email, route) {
      const rcpt = route && route.to.length > 0 ? [...route.to] : to;
      await sgMail.send({ to: rcpt, from: route?.from ?? from, subject: email.subject, text: email.text, html: email.html });
    },
  };
}
