import { describe, expect, it } from 'vitest';
import { chatText } from './chat-text.js';

const email = (text: string) => ({ severity: 'critical' as const, subject: '[Cascade] CRITICAL in streamer', text, html: '' });

describe('chatText', () => {
  it('puts the subject first and keeps short texts whole', () => {
    expect(chatText(email('System error\n\nComponent: streamer'), 100)).toBe('Cascade: CRITICAL in streamer\n\nSystem error\n\nComponent: streamer');
  });

  it('cuts long texts to exactly the limit with an ellipsis', () => {
    const r = chatText(email('x'.repeat(5000)), 2000);
    expect(r.length).toBe(2000);
    expect(r.endsWith('x…')).toBe(true);
  });

  it('never splits a surrogate pair at the cut', () => {
    const prefix = 'Cascade: CRITICAL in streamer\n\n'; // 31 UTF-16 units
    const r = chatText(email(`${'a'.repeat(8)}😀tail`), prefix.length + 10);
    // Limit 41: cutting at 40 would leave the high surrogate of 😀 (units 39–40) alone, so cut at 39.
    expect(r).toBe(`${prefix}${'a'.repeat(8)}…`);
  });
});
