import { basename, join } from 'node:path';

/**
 * Output directory of each tape: `out` itself for one tape (as always), `out/<name>` for several,
 * `<name>` being the file name without its extensions (`BTCUSDT-aggTrades-2024-01.zip` →
 * `BTCUSDT-aggTrades-2024-01`). Throws when two tapes would share a directory.
 */
export function outDirsFor(tapes: readonly string[], out: string): string[] {
  if (tapes.length === 1) return [out];
  const seen = new Map<string, string>();
  return tapes.map((t) => {
    const name = basename(t).replace(/(\.(csv|json|parquet|txt|gz|gzip|zip))+$/i, '');
    const other = seen.get(name);
    if (other !== undefined) throw new Error(`--tape ${other} and --tape ${t} would both write to ${join(out, name)}; rename one of them`);
    seen.set(name, t);
    return join(out, name);
  });
}
