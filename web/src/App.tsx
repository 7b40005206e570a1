/**
 * The shell: who is signed in, the navigation, and which screen the URL names.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, errorMessage, setCsrfToken, setUnauthorizedHandler } from './api/client';
import type { SessionInfo } from './api/types';
import { useRoute, type Route } from './router';
import { SignIn } from './pages/SignIn';
import { CanvasList } from './pages/CanvasList';
import { TemplatesPage } from './templates/TemplatesPage';
import { ContactsPage } from './contacts/ContactsPage';
import { ContactPage } from './contacts/ContactPage';
import { SimulatorPage } from './simulator/SimulatorPage';
import { NavBar } from './components/NavBar';

// The graph screens bring React Flow and the Liquid checker; load them when first opened.
const BuilderPage = lazy(() =>
  import('./builder/BuilderPage').then((m) => ({ default: m.BuilderPage })),
);
const AnalyticsPage = lazy(() =>
  import('./analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })),
);

type SessionState =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'signed_out'; setupNeeded: boolean }
  | { kind: 'signed_in'; email: string };

export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });
  const route = useRoute();

  const loadSession = useCallback(() => {
    api<SessionInfo>('GET', '/api/v1/session').then(
      (info) => {
        setCsrfToken(info.csrfToken);
        setSession(
          info.user
            ? { kind: 'signed_in', email: info.user.email }
            : { kind: 'signed_out', setupNeeded: info.setupNeeded === true },
        );
      },
      (err: unknown) => setSession({ kind: 'unreachable', message: errorMessage(err) }),
    );
  }, []);

  useEffect(() => {
    loadSession();
    setUnauthorizedHandler(() => setSession({ kind: 'signed_out', setupNeeded: false }));
    return () => setUnauthorizedHandler(undefined);
  }, [loadSession]);

  const signOut = () => {
    api('DELETE', '/api/v1/session').finally(() => loadSession());
  };

  if (session.kind === 'loading') return <p className="splash">Loading…</p>;
  if (session.kind === 'unreachable')
    return (
      <div className="splash" role="alert">
        <p>{session.message}</p>
        <button type="button" onClick={loadSession}>
          Try again
        </button>
      </div>
    );
  if (session.kind === 'signed_out')
    return (
      <SignIn
        setupNeeded={session.setupNeeded}
        onSignedIn={(email, token) => {
          setCsrfToken(token);
          setSession({ kind: 'signed_in', email });
        }}
      />
    );
  return (
    <div className="app">
      <NavBar route={route} email={session.email} onSignOut={signOut} />
      <main className="main">
        <Suspense fallback={<p className="page muted">Loading…</p>}>
          <Screen route={route} />
        </Suspense>
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'canvases':
      return <CanvasList />;
    case 'builder':
      return <BuilderPage key={route.id} canvasId={route.id} />;
    case 'analytics':
      return <AnalyticsPage key={route.id} canvasId={route.id} />;
    case 'templates':
      return <TemplatesPage />;
    case 'contacts':
      return <ContactsPage />;
    case 'contact':
      return <ContactPage key={route.id} contactId={route.id} />;
    case 'simulator':
      return <SimulatorPage initialPhone={route.phone} />;
    case 'not_found':
      return (
        <section className="page">
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="#/">Back to canvases</a>
          </p>
        </section>
      );
  }
}
