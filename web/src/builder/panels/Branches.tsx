/**
 * Where each branch of a step goes, as selects: the keyboard way to connect steps, and a
 * quick way to grow the canvas ("New message" adds a step there and connects it).
 */
import type { Canvas, Step, StepType } from '../../../../src/canvas/schema';
import { outletsOf } from '../../document/outlets';
import { STEP_LABELS, STEP_TYPES } from '../../document/new-step';

const NEW_PREFIX = 'new:';

export function Branches({
  doc,
  step,
  onConnect,
  onCreate,
  onOpen,
}: {
  doc: Canvas;
  step: Step;
  onConnect: (outletKey: string, target: string | undefined) => void;
  onCreate: (outletKey: string, type: StepType, outletIndex: number) => void;
  onOpen: (stepId: string) => void;
}) {
  const outlets = outletsOf(step);
  if (outlets.length === 0) return <p className="hint">An exit has no next step.</p>;
  const others = doc.steps.filter((s) => s.id !== step.id);
  return (
    <fieldset className="branches">
      <legend>Next steps</legend>
      {outlets.map((outlet, i) => {
        const selectId = `next-${step.id}-${outlet.key}`;
        const known = outlet.target === undefined || doc.steps.some((s) => s.id === outlet.target);
        return (
          <div className="branch-row" key={outlet.key}>
            <label htmlFor={selectId}>{outlet.label}</label>
            <div className="branch-controls">
              <select
                id={selectId}
                data-testid={selectId}
                value={outlet.target ?? ''}
                onChange={(e) => {
                  const value = e.target.value;
                  const type = STEP_TYPES.find((t) => value === `${NEW_PREFIX}${t}`);
                  if (type) onCreate(outlet.key, type, i);
                  else onConnect(outlet.key, value === '' ? undefined : value);
                }}
              >
                <option value="">— end of journey —</option>
                {!known && outlet.target && (
                  <option value={outlet.target}>{outlet.target} (missing)</option>
                )}
                <optgroup label="Existing steps">
                  {others.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name ? `${s.name} (${s.id})` : s.id}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Add a new step">
                  {STEP_TYPES.map((t) => (
                    <option key={t} value={`${NEW_PREFIX}${t}`}>
                      New {STEP_LABELS[t]}
                    </option>
                  ))}
                </optgroup>
              </select>
              {outlet.target !== undefined && known && (
                <button
                  type="button"
                  className="small"
                  onClick={() => outlet.target && onOpen(outlet.target)}
                  data-testid={`open-${step.id}-${outlet.key}`}
                  aria-label={`Open ${outlet.target}`}
                >
                  Open
                </button>
              )}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
