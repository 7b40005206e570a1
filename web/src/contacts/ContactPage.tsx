/**
 * One contact: profile attributes and subscription states, and a timeline where the
 * WhatsApp conversation is drawn as chat bubbles between the journey steps it caused.
 */
import { api } from '../api/client';
import type { Contact, TimelineItem } from '../api/types';
import { ChatBubble } from '../chat/ChatBubble';
import { timelineBubble } from '../chat/bubbles';
import { formatDateTime, formatWhen } from '../lib/format';
import { useAsync, usePoll } from '../lib/use-async';
import { href } from '../router';
import { displayName } from './ContactsPage';

const TIMELINE_POLL_MS = 5000;

export function ContactPage({ contactId }: { contactId: string }) {
  const base = `/api/v1/contacts/${encodeURIComponent(contactId)}`;
  const contact = useAsync(() => api<{ contact: Contact }>('GET', base), contactId);
  const timeline = usePoll(
    () => api<{ items: TimelineItem[] }>('GET', `${base}/timeline`),
    contactId,
    TIMELINE_POLL_MS,
  );
  if (contact.error)
    return (
      <p className="page error" role="alert">
        {contact.error}
      </p>
    );
  const c = contact.data?.contact;
  if (!c) return <p className="page muted">Loading…</p>;
  return (
    <section className="page contact-page">
      <header className="page-header">
        <div>
          <a href={href('/contacts')} className="muted small">
            Contacts
          </a>
          <h1>{displayName(c)}</h1>
        </div>
      </header>
      <div className="split">
        <div className="card">
          <h2>Profile</h2>
          <dl className="facts">
            <dt>Phone</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>External id</dt>
            <dd>{c.externalId ?? '—'}</dd>
            {c.userId && (
              <>
                <dt>WhatsApp user id</dt>
                <dd>{c.userId}</dd>
              </>
            )}
            <dt>Time zone</dt>
            <dd>{c.timeZone ?? '—'}</dd>
            <dt>Last message in</dt>
            <dd>{formatWhen(c.lastInboundAt)}</dd>
          </dl>
          <h3>Attributes</h3>
          <Attributes values={c.attributes} />
          <h3>Subscriptions</h3>
          <Subscriptions value={c.subscriptions} />
        </div>
        <div className="card">
          <h2>Timeline</h2>
          {timeline.error && <p className="error">{timeline.error}</p>}
          <Timeline items={timeline.data?.items ?? []} />
        </div>
      </div>
    </section>
  );
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Attributes({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="hint">No attributes.</p>;
  return (
    <dl className="facts" data-testid="contact-attributes">
      {entries.map(([key, value]) => (
        <div key={key} className="fact">
          <dt>{key}</dt>
          <dd>{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Subscriptions come as a map or a list of `{ number, state }`; both are shown as rows. */
function Subscriptions({ value }: { value: unknown }) {
  const rows: Array<[string, string]> = Array.isArray(value)
    ? value.map((v: unknown, i): [string, string] => {
        const r = typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v)) : {};
        return [show(r.number ?? r.group ?? i), show(r.state ?? r.status ?? v)];
      })
    : typeof value === 'object' && value !== null
      ? Object.entries(value).map(([k, v]): [string, string] => [k, show(v)])
      : [];
  if (rows.length === 0) return <p className="hint">No subscription records.</p>;
  return (
    <ul className="plain" data-testid="contact-subscriptions">
      {rows.map(([number, state]) => (
        <li key={number}>
          <strong>{number}</strong>: {state}
        </li>
      ))}
    </ul>
  );
}

export function Timeline({ items }: { items: TimelineItem[] }) {
  if (items.length === 0) return <p className="hint">Nothing yet.</p>;
  return (
    <ol className="timeline chat-screen" data-testid="timeline">
      {items.map((item, i) => (
        <li key={i} className={`timeline-item is-${item.type}`}>
          {item.type === 'message' ? (
            <ChatBubble bubble={timelineBubble(item, `m${i}`)} />
          ) : item.type === 'step' ? (
            <p className="timeline-step">
              <a href={href(`/canvases/${encodeURIComponent(item.canvasId)}`)}>{item.canvasId}</a> ›{' '}
              {item.stepId}
              {item.branch ? ` → ${item.branch}` : ''}{' '}
              <time className="muted">{formatDateTime(item.at)}</time>
            </p>
          ) : (
            <p className="timeline-step">
              Event <strong>{item.name}</strong>{' '}
              <time className="muted">{formatDateTime(item.at)}</time>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
