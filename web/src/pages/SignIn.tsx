/**
 * Sign-in, or on a fresh install the first-run form that creates the first user. Both use
 * the same field ids so a browser test signs in the same way on either.
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api/client';

interface SessionAnswer {
  user: { email: string };
  csrfToken: string;
}

export function SignIn({
  setupNeeded,
  onSignedIn,
}: {
  setupNeeded: boolean;
  onSignedIn: (email: string, csrfToken: string) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<SessionAnswer>(
        'POST',
        setupNeeded ? '/api/v1/setup' : '/api/v1/session',
        { email, password },
      );
      onSignedIn(answer.user.email, answer.csrfToken);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <p className="brand">
          <span className="brand-dot" aria-hidden="true" />
          Riposte
        </p>
        <h1 id="signin-title">{setupNeeded ? 'Create the first account' : 'Sign in'}</h1>
        {setupNeeded && (
          <p className="muted">
            Nobody has an account on this server yet. The account you create here manages it.
          </p>
        )}
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="signin-email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete={setupNeeded ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="signin-password"
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
          {setupNeeded ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
