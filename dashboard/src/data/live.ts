import { useEffect, useState } from 'preact/hooks';
import { type DocumentData, type Query, onSnapshot } from 'firebase/firestore';
import type { z } from 'zod';
import { type ParseError, parseDocs } from './parse-docs.js';

export interface Live<T> {
  readonly rows: T[];
  /** Document ids, aligned with `rows`. */
  readonly ids: string[];
  readonly errors: ParseError[];
  /** The listener's own failure (permission denied, offline): shown, not swallowed. */
  readonly failure: string | null;
  readonly ready: boolean;
}

const empty = { rows: [], ids: [], errors: [], failure: null, ready: false };

/**
 * A Firestore listener (no polling) whose documents are parsed with `schema`. `query` is built once
 * per `key`; a changed key re-subscribes.
 */
export function useLiveQuery<S extends z.ZodType>(key: string, query: () => Query<DocumentData>, schema: S): Live<z.infer<S>> {
  const [state, setState] = useState<Live<z.infer<S>>>(empty);
  useEffect(() => {
    setState(empty);
    return onSnapshot(
      query(),
      (snap) => {
        const parsed = parseDocs(snap.docs.map((d) => ({ path: d.ref.path, data: d.data() })), schema);
        setState({ ...parsed, failure: null, ready: true });
      },
      (e) => setState((s) => ({ ...s, failure: `${key}: ${e.message}`, ready: true })),
    );
  }, [key]);
  return state;
}

/** Ticks every `ms` so ages and "stale" marks stay current without re-reading anything. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
