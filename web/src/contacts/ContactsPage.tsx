/**
 * Contacts: search by phone, external id or name, and page through the results.
 */
import { useEffect, useState } from 'react';
import { api, query } from '../api/client';
import type { Contact } from '../api/types';
import { formatWhen } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { href } from '../router';

export function ContactsPage() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [after, setAfter] = useState<string>();
  // Search as the person types, once they pause (one request per pause, not per key).
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(text.trim());
      setAfter(undefined);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useAsync(
    () =>
      api<{ contacts: Contact[]; next: string | null }>(
        'GET',
        `/api/v1/contacts${query({ q, after })}`,
      ),
    `${q}|${after ?? ''}`,
  );
  const contacts = list.data?.contacts ?? [];
  return (
    <section className="page">
      <header className="page-header">
        <h1>Contacts</h1>
      </header>
      <form role="search" className="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label className="grow">
          Search
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Phone, external id or name"
            data-testid="contact-search"
          />
        </label>
      </form>
      {list.error && (
        <p className="error" role="alert">
          {list.error}
        </p>
      )}
      {list.loading && !list.data ? (
        <p className="muted">Loading…</p>
      ) : contacts.length === 0 ? (
        <p className="empty">
          {q
            ? `Nobody matches “${q}”.`
            : 'No contacts yet. People appear here when they enter a canvas or message you.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="contact-list">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Phone</th>
                <th scope="col">External id</th>
                <th scope="col">Last message in</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={href(`/contacts/${encodeURIComponent(c.id)}`)}>{displayName(c)}</a>
                  </td>
                  <td>{c.phone ?? '—'}</td>
                  <td>{c.externalId ?? '—'}</td>
                  <td>{formatWhen(c.lastInboundAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        {after !== undefined && (
          <button type="button" onClick={() => setAfter(undefined)}>
            First page
          </button>
        )}
        {list.data?.next && (
          <button type="button" onClick={() => setAfter(list.data?.next ?? undefined)}>
            Next page
          </button>
        )}
      </div>
    </section>
  );
}

export function displayName(c: Contact): string {
  const first = c.attributes.first_name;
  const last = c.attributes.last_name;
  const name = [first, last].filter((v) => typeof v === 'string' && v !== '').join(' ');
  return name || c.phone || c.externalId || c.userId || c.id;
}
