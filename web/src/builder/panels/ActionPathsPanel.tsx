/**
 * An Action Paths step: its groups (what each waits for), built from the quick replies of
 * the message before it, plus a catch-all; the evaluation window and ranking.
 */
import type { ActionGroup } from '../../../../src/canvas/steps/action_paths';
import { parseDuration } from '../../../../src/canvas/duration';
import { ACTION_PATHS_MAX_WINDOW_MS } from '../../../../src/canvas/limits';
import { replaceAt } from '../../document/outlets';
import {
  isCatchAll,
  missingQuickReplies,
  quickRepliesBefore,
  withCatchAll,
  withGroupPerQuickReply,
} from '../../document/quick-replies';
import type { PanelProps } from './types';
import { GroupTrigger } from './GroupTrigger';

export function ActionPathsPanel({ step, doc, templates, onChange }: PanelProps<'action_paths'>) {
  const source = quickRepliesBefore(
    doc,
    step.id,
    templates.map((t) => t.info),
  );
  const missing = source.ok ? missingQuickReplies(step, source.labels) : [];
  const hasCatchAll = step.groups.some(isCatchAll);
  const setGroup = (i: number, change: (g: ActionGroup) => ActionGroup, key?: string) =>
    onChange({ ...step, groups: replaceAt(step.groups, i, change) }, key);
  const move = (i: number, by: number) => {
    const groups = [...step.groups];
    const [g] = groups.splice(i, 1);
    if (g) groups.splice(i + by, 0, g);
    onChange({ ...step, groups });
  };
  const windowMs = step.window === undefined ? undefined : parseDuration(step.window);
  const windowError =
    step.window !== undefined && windowMs === undefined
      ? 'Write it like 30m, 24h or 3d.'
      : windowMs !== undefined && windowMs > ACTION_PATHS_MAX_WINDOW_MS
        ? 'At most 31 days.'
        : undefined;

  return (
    <div className="panel-section">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`window-${step.id}`}>Window</label>
          <input
            id={`window-${step.id}`}
            value={step.window ?? ''}
            placeholder="1d"
            onChange={(e) => {
              const { window: _old, ...rest } = step;
              const value = e.target.value.trim();
              onChange(value === '' ? rest : { ...rest, window: value }, `window:${step.id}`);
            }}
            aria-invalid={windowError !== undefined}
            data-testid="ap-window"
          />
          <p className={windowError ? 'field-error' : 'hint'}>
            {windowError ?? 'How long to listen; then everyone else moves on.'}
          </p>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={step.ranking === true}
            onChange={(e) => {
              const { ranking: _old, ...rest } = step;
              onChange(e.target.checked ? { ...rest, ranking: true } : rest);
            }}
            data-testid="ap-ranking"
          />
          Ranking: wait for the window, take the highest group
        </label>
      </div>

      <div className="button-row">
        <button
          type="button"
          onClick={() => source.ok && onChange(withGroupPerQuickReply(step, source.labels))}
          disabled={!source.ok || missing.length === 0}
          aria-describedby={`qr-help-${step.id}`}
          data-testid="ap-group-per-quick-reply"
        >
          One group per quick reply
        </button>
        <button
          type="button"
          onClick={() => onChange(withCatchAll(step))}
          disabled={hasCatchAll}
          data-testid="ap-add-catch-all"
        >
          Add catch-all
        </button>
        <button
          type="button"
          onClick={() =>
            onChange({
              ...step,
              groups: [
                ...step.groups,
                { id: freeId(step.groups), when: { inbound_whatsapp: { body: { is: 'YES' } } } },
              ],
            })
          }
          data-testid="ap-add-group"
        >
          Add group
        </button>
      </div>
      <p className="hint" id={`qr-help-${step.id}`}>
        {source.ok
          ? missing.length > 0
            ? `"${source.messageId}" has ${source.labels.map((l) => `“${l}”`).join(', ')}.`
            : `Every quick reply of "${source.messageId}" has a group.`
          : source.reason}
        {hasCatchAll ? ' A catch-all takes any other message.' : ''}
      </p>

      {step.groups.length === 0 && (
        <p className="empty">No groups yet: people would only wait for the window.</p>
      )}
      <ol className="groups" data-testid="ap-groups">
        {step.groups.map((group, i) => (
          <li key={i} className="group-card" data-testid={`ap-group-${group.id}`}>
            <div className="field-row">
              <label className="field grow">
                Name
                <input
                  value={group.name ?? ''}
                  onChange={(e) =>
                    setGroup(i, (g) => ({ ...g, name: e.target.value }), `gname:${step.id}:${i}`)
                  }
                  data-testid={`ap-group-name-${i}`}
                />
              </label>
              <label className="field">
                Id
                <input
                  value={group.id}
                  onChange={(e) =>
                    setGroup(i, (g) => ({ ...g, id: e.target.value }), `gid:${step.id}:${i}`)
                  }
                  data-testid={`ap-group-id-${i}`}
                />
              </label>
            </div>
            <GroupTrigger
              group={group}
              labels={source.ok ? source.labels : []}
              onChange={(when, key) =>
                setGroup(i, (g) => ({ ...g, when }), key && `${key}:${step.id}:${i}`)
              }
            />
            <div className="group-actions">
              <label className="check">
                <input
                  type="checkbox"
                  checked={group.exit === true}
                  onChange={(e) =>
                    setGroup(i, (g) => {
                      const { exit: _old, ...rest } = g;
                      return e.target.checked ? { ...rest, exit: true } : rest;
                    })
                  }
                />
                Exit the canvas
              </label>
              <button
                type="button"
                className="small"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={`Move ${group.id} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="small"
                disabled={i === step.groups.length - 1}
                onClick={() => move(i, 1)}
                aria-label={`Move ${group.id} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="small danger"
                onClick={() => onChange({ ...step, groups: step.groups.filter((_, j) => j !== i) })}
                aria-label={`Remove group ${group.id}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function freeId(groups: readonly ActionGroup[]): string {
  let n = groups.length + 1;
  while (groups.some((g) => g.id === `group_${n}`)) n++;
  return `group_${n}`;
}
