import { onIdTokenChanged, signOut, type User } from 'firebase/auth';
import { useEffect, useState } from 'preact/hooks';
import type { Backend } from '../data/connect.js';
import { SignIn } from '../auth/sign-in.js';
import { SessionContext } from './backend-context.js';
import type * as ShellExports from './shell.js';

/** The signed-in app (every view, Firestore's SDK, the charts' loader) is a chunk of its own, loaded after sign-in starts. */
type ShellModule = typeof ShellExports;
let shellModule: Promise<ShellModule> | null = null;
const loadShell = (): Promise<ShellModule> => (shellModule ??= import('./shell.js'));
let opened: { backend: Backend; db: ReturnType<ShellModule['openFirestore']> } | null = null;

type AuthState = { kind: 'unknown' } | { kind: 'out'; note: string | null } | { kind: 'in'; user: User };

/**
 * Signed in with the `admin` custom claim, or not at all: the security rules refuse every read
 * without it, so an account without the claim is signed out again with a message saying why.
 */
export function App({ backend }: { backend: Backend }) {
  const [auth, setAuth] = useState<AuthState>({ kind: 'unknown' });
  const [shell, setShell] = useState<ShellModule | null>(null);
  useEffect(() => {
    if (auth.kind === 'in' && !shell) void loadShell().then(setShell);
  }, [auth.kind, shell]);
  useEffect(
    () =>
      onIdTokenChanged(backend.auth, (user) => {
        if (!user) return setAuth((s) => ({ kind: 'out', note: s.kind === 'out' ? s.note : null }));
        void user.getIdTokenResult().then((t) => {
          if (t.claims.admin === true) setAuth({ kind: 'in', user });
          else {
            setAuth({ kind: 'out', note: `${user.email ?? user.uid} has no admin claim: ask an owner to run setCustomUserClaims(uid, {admin: true}).` });
            void signOut(backend.auth);
          }
        });
      }),
    [backend],
  );
  if (auth.kind === 'unknown') return <p class="boot">Checking sign-in…</p>;
  if (auth.kind === 'out') return <SignIn backend={backend} note={auth.note} onSubmit={() => void loadShell()} />;
  if (!shell) return <p class="boot">Loading…</p>;
  if (opened?.backend !== backend) opened = { backend, db: shell.openFirestore(backend) };
  const Shell = shell.Shell;
  return (
    <SessionContext.Provider value={{ backend, db: opened.db, user: auth.user }}>
      <Shell />
    </SessionContext.Provider>
  );
}
