import type { Deps } from '@cascade/adapters/firestore';
import type { Mailer } from '@cascade/adapters/notify';
import { mailerFromParams } from '../notify/alert-ports.js';
import { loadNotificationSettings, mailRoute } from '../notify/settings.js';
import type { ReportEmail } from '@cascade/core';

/** Where report emails go, resolved per run (the console's notification settings may change). */
export interface ReportMail {
  /** Recipients, for the delivery record. */
  readonly to: readonly string[];
  /** False while the mailer cannot send attachments: the email then links the summary instead. */
  readonly attachments: boolean;
  send(email: ReportEmail): Promise<void>;
}

/**
 * The alert mailer (SendGrid) with the console's recipients, or null when no key is configured or
 * email is switched off in `notification_settings/default` (the email is then rendered and stored).
 * `Mailer.send` takes no attachments yet, so the summary is linked, not attached.
 */
export async function alertMailForReports(d: Deps, mail: Mailer | null = mailerFromParams()): Promise<ReportMail | null> {
  if (!mail) return null;
  const s = await loadNotificationSettings(d);
  if (!s.email.enabled) return null;
  const route = mailRoute(s, mail);
  return {
    to: route.to,
    attachments: false,
    send: (e) => mail.send({ severity: e.severity, subject: e.subject, text: e.text, html: e.html }, route),
  };
}
