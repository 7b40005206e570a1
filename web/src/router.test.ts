import { describe, expect, it } from 'vitest';
import { parseRoute } from './router';

describe('routes', () => {
  it('reads every screen from a hash or a path', () => {
    expect(
      [
        '',
        '#/',
        '/canvases',
        '#/canvases/order-feedback',
        '/canvases/a%20b/analytics',
        '#/templates',
        '/contacts',
        '#/contacts/c1',
        '#/simulator',
        '#/simulator/p1',
        '#/nope/x',
      ].map(parseRoute),
    ).toEqual([
      { name: 'canvases' },
      { name: 'canvases' },
      { name: 'canvases' },
      { name: 'builder', id: 'order-feedback' },
      { name: 'analytics', id: 'a b' },
      { name: 'templates' },
      { name: 'contacts' },
      { name: 'contact', id: 'c1' },
      { name: 'simulator' },
      { name: 'simulator', phone: 'p1' },
      { name: 'not_found', path: '#/nope/x' },
    ]);
  });
});
