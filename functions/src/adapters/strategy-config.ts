import type { Firestore } from 'firebase-admin/firestore';
import { StrategyConfigSchema, type StrategyConfig, defaultStrategyConfig, formatIssues } from '@cascade/core';

const TTL_MS = 5_000;
let cache: { at: number; id: string; cfg: StrategyConfig } | null = null;

/**
 * The strategy config in effect: `strategy_configs/{id}` validated by the core schema, defaults when
 * the document does not exist. An invalid document keeps the last good version in effect (or the
 * defaults) and says why in the log. Cached for a few seconds per instance: functions pick up console
 * edits on their next invocations without a read per message.
 */
export async function loadStrategyConfig(db: Firestore, now: number, id = 'default', log: (l: string) => void = console.warn): Promise<StrategyConfig> {
  if (cache && cache.id === id && now - cache.at < TTL_MS) return cache.cfg;
  const snap = await db.collection('strategy_configs').doc(id).get();
  let cfg = cache?.id === id ? cache.cfg : defaultStrategyConfig;
  if (snap.exists) {
    const parsed = StrategyConfigSchema.safeParse(snap.data());
    if (parsed.success) cfg = parsed.data;
    else log(`strategy_configs/${id} is invalid, keeping the last good config: ${formatIssues(parsed.error.issues)}`);
  } else {
    cfg = defaultStrategyConfig;
  }
  cache = { at: now, id, cfg };
  return cfg;
}
