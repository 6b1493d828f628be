import { signInWithEmailAndPassword } from 'firebase/auth';
import { useState } from 'preact/hooks';
import type { Backend } from '../data/connect.js';

/** Email and password (Firebase Auth; the local stack's Auth emulator holds a local admin). */
export function SignIn({ backend, note, onSubmit }: { backend: Backend; note: string | null; onSubmit?: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    onSubmit?.();
    setBusy(true);
    setError(null);
    try {
      await signInWithEmailAndPassword(backend.auth, email, password);
    } catch (x) {
      setError((x as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>Cascade</h1>
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <label for="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
        <label for="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {note && <p class="errors" role="alert">{note}</p>}
        {error && <p class="errors" role="alert">{error}</p>}
      </form>
      {backend.reports === 'local' && <p class="muted">Local stack: project {backend.projectId}, Auth and Firestore emulators.</p>}
    </main>
  );
}
