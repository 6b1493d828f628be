import type { RenderedEmail } from './render-email.js';

/** Telegram sendMessage takes at most 4096 characters of text; Discord webhook content 2000. */
export const ChatLimit = { Telegram: 4096, Discord: 2000 } as const;

/**
 * Plain text for a chat channel: the subject, a blank line, the email's text, cut at the channel's
 * limit (counted in UTF-16 units, as both APIs count) with an ellipsis. Plain text on purpose: no
 * Markdown/HTML parse mode, so symbols like `BTC/USDT:USDT` or `_` in ids need no escaping.
 */
export function chatText(email: RenderedEmail, limit: number): string {
  const full = `${email.subject.replace(/^\[Cascade\] /, 'Cascade: ')}\n\n${email.text}`;
  if (full.length <= limit) return full;
  // Never cut between the two halves of a surrogate pair (an emoji in a reason or a symbol).
  const cut = /[\uD800-\uDBFF]/.test(full.charAt(limit - 2)) ? limit - 2 : limit - 1;
  return `${full.slice(0, cut)}…`;
}
