/**
 * A small hash router: `#/canvases/order-feedback`. Hash URLs work behind any static
 * server without a fallback rule; a plain path (`/canvases/x`) is turned into its hash
 * form on load, so both kinds of link open the same screen.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'canvases' }
  | { name: 'builder'; id: string }
  | { name: 'analytics'; id: string }
  | { name: 'templates' }
  | { name: 'contacts' }
  | { name: 'contact'; id: string }
  | { name: 'simulator'; phone?: string }
  | { name: 'not_found'; path: string };

export function parseRoute(path: string): Route {
  const parts =
    path
      .replace(/^#/, '')
      .split('?')[0]
      ?.split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent) ?? [];
  const [head, id, tail] = parts;
  if (head === undefined) return { name: 'canvases' };
  if (head === 'canvases' && id === undefined) return { name: 'canvases' };
  if (head === 'canvases' && id !== undefined && tail === undefined) return { name: 'builder', id };
  if (head === 'canvases' && id !== undefined && tail === 'analytics' && parts.length === 3)
    return { name: 'analytics', id };
  if (head === 'templates' && id === undefined) return { name: 'templates' };
  if (head === 'contacts' && id === undefined) return { name: 'contacts' };
  if (head === 'contacts' && id !== undefined && tail === undefined) return { name: 'contact', id };
  if (head === 'simulator' && tail === undefined)
    return id === undefined ? { name: 'simulator' } : { name: 'simulator', phone: id };
  return { name: 'not_found', path };
}

export function href(path: string): string {
  return `#${path}`;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

function currentPath(): string {
  const { hash, pathname } = window.location;
  return hash.startsWith('#/') ? hash.slice(1) : pathname;
}

export function useRoute(): Route {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    if (!window.location.hash.startsWith('#/') && window.location.pathname !== '/') {
      window.history.replaceState(null, '', `/#${window.location.pathname}`);
    }
    const onChange = () => setPath(currentPath());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(path);
}

/**
 * While `active`, following an in-app link asks first (the builder with unsaved edits);
 * leaving the page altogether gets the browser's own prompt.
 */
export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return undefined;
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
      if (link && !window.confirm(message)) e.preventDefault();
    };
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [active, message]);
}
