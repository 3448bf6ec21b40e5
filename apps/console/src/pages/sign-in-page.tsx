import { type FormEvent, useState } from 'react';
import { FlowlineApi } from '../api/flowline-api';

/** Sign in with an API client's id and secret (exchanged for a token), or paste a token. */
export function SignInPage({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function withCredentials(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await FlowlineApi.signIn(clientId, clientSecret));
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
    }
  }

  function withToken(event: FormEvent) {
    event.preventDefault();
    if (token.trim()) onSignedIn(token.trim());
  }

  return (
    <main className="sign-in">
      <h1>Flowline console</h1>
      <form onSubmit={withCredentials} className="card">
        <h2>API client</h2>
        <label>
          Client id
          <input name="clientId" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </label>
        <label>
          Client secret
          <input
            name="clientSecret"
            type="password"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="sign-in">
          Sign in
        </button>
      </form>
      <form onSubmit={withToken} className="card">
        <h2>Access token</h2>
        <label>
          Bearer token (an API client&apos;s or a user&apos;s)
          <textarea name="token" value={token} onChange={(e) => setToken(e.target.value)} rows={3} />
        </label>
        <button type="submit">Use token</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
