/** A CLI time: UTC epoch ms, or ISO 8601 (a date without a zone is read as UTC). */
export function parseTime(v: string, flag: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) || !v.includes('T') ? v : `${v}Z`;
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new Error(`${flag} must be UTC ms or ISO 8601 (e.g. 2024-01-02T00:00:00Z), got "${v}"`);
  return ms;
}
