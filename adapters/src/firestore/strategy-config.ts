import { ConfigStore } from './config-store.js';
import { type StrategyConfig, defaultStrategyConfig } from '@cascade/core';
import type { Deps } from './deps.js';

const TTL_MS = 5_000;
let cache: { at: number; id: string; cfg: StrategyConfig } | null = null;
let store: ConfigStore | null = null;

/**
 * The strategy config in effect: `strategy_configs/{id}` validated by the core schema. An invalid
 * edit keeps the last good version (or the defaults) in effect and is reported once as a
 * `config.rejected` event (see ConfigStore). Cached for a few seconds per instance: functions pick up
 * console edits on their next invocations without a read per message.
 */
export async function loadStrategyConfig(d: Deps, now: number, id = 'default'): Promise<StrategyConfig> {
  if (cache && cache.id === id && now - cache.at < TTL_MS) return cache.cfg;
  store ??= new ConfigStore({ db: d.db, bus: d.bus, now: () => d.clock.now(), log: d.log, component: 'functions' });
  const inEffect = await store.load<'strategy_configs'>(`strategy_configs/${id}`, () => defaultStrategyConfig);
  cache = { at: now, id, cfg: inEffect.value };
  return inEffect.value;
}

/** Tests change the config between runs in one process. */
export function resetStrategyConfigCache(): void {
  cache = null;
}
