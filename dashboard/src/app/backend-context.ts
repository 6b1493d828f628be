import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from 'firebase/auth';
import type { Firestore } from 'firebase/firestore';
import type { Backend } from '../data/connect.js';

export interface Session {
  readonly backend: Backend;
  /** Opened after sign-in (Firestore's SDK is not on the sign-in view's critical path). */
  readonly db: Firestore;
  readonly user: User;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}
