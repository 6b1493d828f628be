import type { z } from 'zod';
import { StrategyConfigSchema } from './strategy-config.js';
import { MarketConfigSchema } from './market-config.js';
import { ModuleConfigSchema } from './module-config.js';
import { NotificationSettingsSchema } from './notification-settings.js';
import { WatchlistEntrySchema } from './watchlist-entry.js';
import type { ValueOf } from '../util/value-of.js';

/** Every console-editable collection and the schema its documents must satisfy. */
export const ConfigCollection = {
  Strategy: 'strategy_configs',
  Market: 'market_configs',
  Module: 'modules',
  NotificationSettings: 'notification_settings',
  WatchlistSymbols: 'symbols',
} as const;
export type ConfigCollection = ValueOf<typeof ConfigCollection>;

export const configSchemas = {
  [ConfigCollection.Strategy]: StrategyConfigSchema,
  [ConfigCollection.Market]: MarketConfigSchema,
  [ConfigCollection.Module]: ModuleConfigSchema,
  [ConfigCollection.NotificationSettings]: NotificationSettingsSchema,
  [ConfigCollection.WatchlistSymbols]: WatchlistEntrySchema,
} as const satisfies Record<ConfigCollection, z.ZodType>;

export type ConfigOf<C extends ConfigCollection> = z.infer<(typeof configSchemas)[C]>;

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type ConfigCheck<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validate a console document; errors name the field path the operator has to fix. */
export function checkConfig<C extends ConfigCollection>(collection: C, data: unknown): ConfigCheck<ConfigOf<C>> {
  const r = configSchemas[collection].safeParse(data);
  if (r.success) return { ok: true, value: r.data as ConfigOf<C> };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(document)', message: i.message })) };
}

/** The collection a document path belongs to (`watchlists/x/symbols/y` → `symbols`), or null. */
export function configCollectionOf(path: string): ConfigCollection | null {
  const parts = path.split('/');
  const coll = parts.length % 2 === 0 ? parts[parts.length - 2] : undefined;
  return (Object.values(ConfigCollection) as string[]).includes(coll ?? '') ? (coll as ConfigCollection) : null;
}

/**
 * What `seed-config` writes: the documented defaults, so the console shows every knob with its
 * value. Strategy defaults are the design document's numbers.
 */
export function seedDocuments(): { path: string; data: Record<string, unknown> }[] {
  return [
    { path: 'strategy_configs/default', data: StrategyConfigSchema.parse({}) },
    { path: 'market_configs/binance_spot', data: MarketConfigSchema.parse({ exchange: 'binance', marketType: 'spot' }) },
    { path: 'market_configs/binance_perp', data: MarketConfigSchema.parse({ exchange: 'binance', marketType: 'perp' }) },
    { path: 'market_configs/bybit_perp', data: MarketConfigSchema.parse({ exchange: 'bybit', marketType: 'perp' }) },
    { path: 'market_configs/okx_perp', data: MarketConfigSchema.parse({ exchange: 'okx', marketType: 'perp' }) },
    { path: 'market_configs/hyperliquid_perp', data: MarketConfigSchema.parse({ exchange: 'hyperliquid', marketType: 'perp' }) },
    { path: 'modules/orderflow_scalp', data: ModuleConfigSchema.parse({ enabled: true, capitalAllocation: 0.5 }) },
    { path: 'notification_settings/default', data: NotificationSettingsSchema.parse({}) },
  ];
}
