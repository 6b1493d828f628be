/**
 * RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF, or starts or ends with a
 * space (which spreadsheet imports trim); double quotes inside are doubled.
 */
export function csvField(s: string): string {
  return /[",\r\n]|^ | $/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
