import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from 'firebase/auth';
import type { Backend } from '../data/connect.js';

export interface Session {
  readonly backend: Backend;
  readonly user: User;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}
