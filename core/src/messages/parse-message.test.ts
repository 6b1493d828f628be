import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import { Topic } from './topics.js';

const ok = {
  type: 'system.error',
  eventId: 'e1',
  tsEvent: 1,
  tsInit: 2,
  correlationId: 'c',
  causationId: null,
  payload: { component: 'x', error: 'boom', critical: true },
};

describe('parseMessage', () => {
  it('accepts a valid envelope for its topic', () => {
    expect(parseMessage(Topic.TradingEvents, JSON.stringify(ok))).toEqual({ ok: true, message: ok });
  });
  it('names non-JSON input', () => {
    const r = parseMessage(Topic.TradingEvents, 'nope');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^not JSON: /);
  });
  it('names the failing field path', () => {
    const r = parseMessage(Topic.TradingEvents, JSON.stringify({ ...ok, payload: { ...ok.payload, critical: 'yes' } }));
    expect(!r.ok && r.reason).toContain('payload.critical');
  });
  it('refuses a message type the topic does not carry and unknown keys', () => {
    expect(parseMessage(Topic.TradingSignals, JSON.stringify(ok)).ok).toBe(false);
    const r = parseMessage(Topic.TradingEvents, JSON.stringify({ ...ok, extra: 1 }));
    expect(!r.ok && r.reason).toContain('extra');
  });
});
