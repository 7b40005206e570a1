import type { Route } from '../router';

const LINKS: Array<{ path: string; label: string; active: Route['name'][] }> = [
  { path: '/', label: 'Canvases', active: ['canvases', 'builder', 'analytics'] },
  { path: '/templates', label: 'Templates', active: ['templates'] },
  { path: '/contacts', label: 'Contacts', active: ['contacts', 'contact'] },
  { path: '/simulator', label: 'Simulator', active: ['simulator'] },
];

export function NavBar({
  route,
  email,
  onSignOut,
}: {
  route: Route;
  email: string;
  onSignOut: () => void;
}) {
  return (
    <header className="navbar">
      <a className="brand" href="#/">
        <span className="brand-dot" aria-hidden="true" />
        Riposte
      </a>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => (
            <li key={link.path}>
              <a
                href={`#${link.path}`}
                data-testid={`nav-${link.label.toLowerCase()}`}
                aria-current={link.active.includes(route.name) ? 'page' : undefined}
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="navbar-user">
        <span className="muted" title={email}>
          {email}
        </span>
        <button type="button" className="link-button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
