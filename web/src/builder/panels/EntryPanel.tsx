/**
 * How people enter the canvas (the entry node): API trigger, custom event, inbound
 * WhatsApp message or schedule, and who may enter again.
 */
import type { Canvas } from '../../../../src/canvas/schema';
import { Entry } from '../../../../src/canvas/entry';
import { bySchema, YamlField } from './YamlField';

const entryCheck = bySchema(Entry);

export function EntryPanel({
  doc,
  onChange,
}: {
  doc: Canvas;
  onChange: (doc: Canvas, mergeKey?: string) => void;
}) {
  const entry = doc.entry;
  const setEntry = (next: Canvas['entry'], key?: string) => onChange({ ...doc, entry: next }, key);
  const controls = {
    ...(entry.audience !== undefined ? { audience: entry.audience } : {}),
    ...(entry.reentry !== undefined ? { reentry: entry.reentry } : {}),
    ...(entry.max_entries !== undefined ? { max_entries: entry.max_entries } : {}),
  };
  const reentry =
    entry.reentry === undefined || entry.reentry === false
      ? 'never'
      : entry.reentry === true
        ? 'after'
        : 'every';
  return (
    <div className="panel-section">
      <label className="field">
        People enter by
        <select
          value={entry.type}
          data-testid="entry-type"
          onChange={(e) => {
            const t = e.target.value;
            if (t === 'api') setEntry({ type: 'api', ...controls });
            else if (t === 'event')
              setEntry({ type: 'event', event: { name: 'order_delivered' }, ...controls });
            else if (t === 'inbound_whatsapp') setEntry({ type: 'inbound_whatsapp', ...controls });
            else if (t === 'schedule')
              setEntry({
                type: 'schedule',
                schedule: { every: 'day', time: '09:00' },
                ...controls,
              });
          }}
        >
          <option value="api">API trigger (/canvas/trigger/send)</option>
          <option value="event">A custom event</option>
          <option value="inbound_whatsapp">An inbound WhatsApp message</option>
          <option value="schedule">A schedule</option>
        </select>
      </label>
      {entry.type === 'event' && (
        <label className="field">
          Event name
          <input
            value={entry.event.name}
            onChange={(e) =>
              setEntry({ ...entry, event: { ...entry.event, name: e.target.value } }, 'entry-event')
            }
          />
        </label>
      )}
      {entry.type === 'inbound_whatsapp' && (
        <label className="field">
          Keyword (empty: any message)
          <input
            value={entry.inbound_whatsapp?.body?.is?.toString() ?? ''}
            onChange={(e) => {
              const { inbound_whatsapp: _old, ...rest } = entry;
              const word = e.target.value.trim();
              setEntry(
                word ? { ...rest, inbound_whatsapp: { body: { is: word } } } : rest,
                'entry-keyword',
              );
            }}
          />
        </label>
      )}
      <label className="field">
        Re-entry
        <select
          value={reentry}
          onChange={(e) => {
            const { reentry: _old, ...rest } = entry;
            const v = e.target.value;
            setEntry(v === 'never' ? rest : { ...rest, reentry: v === 'after' ? true : '7d' });
          }}
        >
          <option value="never">Once ever</option>
          <option value="after">Again after the previous journey ended</option>
          <option value="every">Again after a while</option>
        </select>
      </label>
      {reentry === 'every' && (
        <label className="field">
          Wait between entries
          <input
            value={String(entry.reentry)}
            onChange={(e) => setEntry({ ...entry, reentry: e.target.value }, 'entry-reentry')}
          />
        </label>
      )}
      <YamlField
        label="Whole entry (YAML)"
        value={entry}
        check={entryCheck}
        hint="Schedules, audiences and filters are edited here."
        onChange={(next) => next && setEntry(next, 'entry-yaml')}
      />
    </div>
  );
}
