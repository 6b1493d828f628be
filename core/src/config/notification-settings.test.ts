import { describe, expect, it } from 'vitest';
import { NotificationSettingsSchema, urlCarriesCredential } from './notification-settings.js';

const ref = 'projects/p/secrets/hook-key/versions/latest';

describe('webhook targets: a URL that is a credential stays out of config', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'a Slack incoming-webhook URL is its own credential'],
    ['https://discord.com/api/webhooks/123/abc', 'a Discord webhook URL likewise'],
    ['https://ops.example.com/hook?token=abc', 'a token in the query string'],
    ['https://user:pass@ops.example.com/hook', 'user info in the URL'],
  ])('refuses %s as plain url (%s), naming urlSecretRef', (url) => {
    expect(urlCarriesCredential(url)).toBe(true);
    const r = NotificationSettingsSchema.safeParse({ webhooks: [{ url, secretRef: ref }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('urlSecretRef');
    expect(r.error?.issues[0]?.path).toEqual(['webhooks', 0, 'url']);
  });

  it('accepts a plain endpoint URL, and a URL held in Secret Manager', () => {
    expect(urlCarriesCredential('https://ops.example.com/cascade/events')).toBe(false);
    expect(NotificationSettingsSchema.parse({ webhooks: [{ url: 'https://ops.example.com/cascade/events', secretRef: ref }] }).webhooks).toHaveLength(1);
    expect(NotificationSettingsSchema.parse({ webhooks: [{ urlSecretRef: 'projects/p/secrets/slack-url/versions/latest', secretRef: ref }] }).webhooks[0]?.urlSecretRef).toBe('projects/p/secrets/slack-url/versions/latest');
  });

  it('wants exactly one of url and urlSecretRef', () => {
    expect(NotificationSettingsSchema.safeParse({ webhooks: [{ secretRef: ref }] }).success).toBe(false);
    expect(NotificationSettingsSchema.safeParse({ webhooks: [{ url: 'https://ops.example.com/x', urlSecretRef: 'projects/p/secrets/u/versions/latest', secretRef: ref }] }).success).toBe(false);
  });
});
