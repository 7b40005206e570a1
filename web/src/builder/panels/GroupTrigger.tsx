/**
 * What one Action Paths group waits for: a tapped button, a kind of text, any message
 * (the catch-all), or a custom event. Rarer filters (payloads, number bounds, event
 * property filters) are kept as they are and edited in YAML.
 */
import type { ActionGroup } from '../../../../src/canvas/steps/action_paths';
import type { Trigger } from '../../../../src/canvas/triggers';

const KINDS = [
  ['button', 'Taps a button'],
  ['is', 'Replies exactly'],
  ['has_any_word', 'Reply has any of the words'],
  ['has_phrase', 'Reply has the phrase'],
  ['matches_regex', 'Reply matches a regex'],
  ['has_number', 'Reply has a number'],
  ['any', 'Any message (catch-all)'],
  ['event', 'Custom event'],
] as const;
type Kind = (typeof KINDS)[number][0];

function kindOf(when: Trigger): Kind {
  if (when.event) return 'event';
  const wa = when.inbound_whatsapp ?? {};
  if (wa.button !== undefined) return 'button';
  const body = wa.body;
  if (!body) return 'any';
  if (body.is !== undefined) return 'is';
  if (body.has_any_word !== undefined || body.has_all_words !== undefined) return 'has_any_word';
  if (body.has_phrase !== undefined) return 'has_phrase';
  if (body.matches_regex !== undefined) return 'matches_regex';
  return 'has_number';
}

function fresh(kind: Kind, labels: readonly string[]): Trigger {
  switch (kind) {
    case 'button':
      return { inbound_whatsapp: { button: 0 } };
    case 'is':
      return { inbound_whatsapp: { body: { is: labels[0] ?? 'YES' } } };
    case 'has_any_word':
      return { inbound_whatsapp: { body: { has_any_word: 'help' } } };
    case 'has_phrase':
      return { inbound_whatsapp: { body: { has_phrase: 'call me' } } };
    case 'matches_regex':
      return { inbound_whatsapp: { body: { matches_regex: '(?i)refund' } } };
    case 'has_number':
      return { inbound_whatsapp: { body: { has_number: true } } };
    case 'any':
      return { inbound_whatsapp: {} };
    case 'event':
      return { event: { name: 'purchase' } };
  }
}

const asWords = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? value.join(', ') : (value ?? '');
const toWords = (text: string): string | string[] => {
  const words = text
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
  return words.length === 1 ? (words[0] ?? '') : words;
};

export function GroupTrigger({
  group,
  labels,
  onChange,
}: {
  group: ActionGroup;
  labels: readonly string[];
  onChange: (when: Trigger, mergeKey?: string) => void;
}) {
  const when = group.when;
  const kind = kindOf(when);
  const wa = when.inbound_whatsapp ?? {};
  const body = wa.body;
  const button = wa.button;
  const setBody = (next: NonNullable<typeof body>) =>
    onChange({ inbound_whatsapp: { ...wa, body: next } }, 'body');

  return (
    <div className="trigger">
      <label className="field">
        When the person
        <select
          value={kind}
          onChange={(e) => {
            const next = KINDS.find(([k]) => k === e.target.value);
            if (next) onChange(fresh(next[0], labels));
          }}
          data-testid={`ap-trigger-${group.id}`}
        >
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {kind === 'button' && typeof button === 'number' && (
        <label className="field">
          Button
          <select
            value={button}
            onChange={(e) =>
              onChange({ inbound_whatsapp: { ...wa, button: Number(e.target.value) } })
            }
          >
            {Array.from({ length: Math.max(labels.length, button + 1, 1) }, (_, i) => (
              <option key={i} value={i}>
                {i}: {labels[i] ?? '(no such button)'}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'button' && typeof button === 'object' && (
        <p className="hint">
          Matches button{' '}
          {button.payload !== undefined ? `payload “${button.payload}”` : button.index}.
        </p>
      )}
      {kind === 'is' && (
        <label className="field">
          Text (several: separate with commas)
          <input
            value={asWords(body?.is)}
            onChange={(e) => setBody({ is: toWords(e.target.value) })}
          />
        </label>
      )}
      {kind === 'has_any_word' && (
        <label className="field">
          Words
          <input
            value={asWords(body?.has_any_word ?? body?.has_all_words)}
            onChange={(e) => setBody({ has_any_word: toWords(e.target.value) })}
          />
        </label>
      )}
      {kind === 'has_phrase' && (
        <label className="field">
          Phrase
          <input
            value={body?.has_phrase ?? ''}
            onChange={(e) => setBody({ has_phrase: e.target.value })}
          />
        </label>
      )}
      {kind === 'matches_regex' && (
        <label className="field">
          Regex (start with (?i) to ignore case)
          <input
            className="code"
            value={body?.matches_regex ?? ''}
            onChange={(e) => setBody({ matches_regex: e.target.value })}
          />
        </label>
      )}
      {kind === 'event' && (
        <label className="field">
          Event name
          <input
            value={when.event?.name ?? ''}
            onChange={(e) => onChange({ event: { ...when.event, name: e.target.value } }, 'event')}
          />
        </label>
      )}
    </div>
  );
}
