import type { User } from 'firebase/auth';

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The operator API (watchlist, flatten) on the same origin: Hosting rewrites `/api/**` to the
 * `watchlistApi` function, the local server proxies it. The caller's Firebase ID token is the credential
 * (the function checks the admin claim, as the security rules do).
 */
export async function callApi(user: User, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiResult> {
  const token = await user.getIdToken();
  const r = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the error line
  }
  return { status: r.status, body: parsed };
}

/** `{error: {message, fields: [{path, message}]}}` as one line for the screen. */
export function apiErrorText(r: ApiResult): string {
  const b = r.body as { error?: { message?: string; fields?: { path: string; message: string }[] } } | string;
  if (typeof b === 'string') return `HTTP ${r.status}: ${b.slice(0, 200)}`;
  const e = b.error;
  if (!e) return `HTTP ${r.status}`;
  return `${e.message ?? `HTTP ${r.status}`}${e.fields?.length ? `: ${e.fields.map((f) => `${f.path}: ${f.message}`).join('; ')}` : ''}`;
}
