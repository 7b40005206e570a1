/**
 * The fields every step has: id (renamed everywhere on Enter or when leaving the field),
 * display name, and the actions "start here" and "delete".
 */
import { useEffect, useState } from 'react';
import type { Canvas, Step } from '../../../src/canvas/schema';
import { STEP_LABELS } from '../document/new-step';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function StepHeader({
  doc,
  step,
  onRename,
  onChange,
  onMakeStart,
  onDelete,
}: {
  doc: Canvas;
  step: Step;
  onRename: (to: string) => void;
  onChange: (step: Step, mergeKey?: string) => void;
  onMakeStart: () => void;
  onDelete: () => void;
}) {
  const [id, setId] = useState(step.id);
  useEffect(() => setId(step.id), [step.id]);
  const taken = id !== step.id && doc.steps.some((s) => s.id === id);
  const invalid = !ID_RE.test(id);
  const idError = taken
    ? 'Another step has this id.'
    : invalid
      ? 'Letters, digits, _ and -.'
      : undefined;
  const commitId = () => {
    if (id === step.id) return;
    if (idError) setId(step.id);
    else onRename(id);
  };
  const isStart = doc.steps[0]?.id === step.id;
  return (
    <div className="panel-section step-header">
      <h2>
        {STEP_LABELS[step.type]} <span className="muted">{step.id}</span>
      </h2>
      <div className="field-row">
        <label className="field">
          Id
          <input
            value={id}
            onChange={(e) => setId(e.target.value)}
            onBlur={commitId}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitId();
            }}
            aria-invalid={idError !== undefined}
            data-testid="step-id"
          />
          {idError && <span className="field-error">{idError}</span>}
        </label>
        <label className="field grow">
          Name
          <input
            value={step.name ?? ''}
            placeholder="Shown in analytics"
            onChange={(e) => {
              const { name: _old, ...rest } = step;
              onChange(
                e.target.value === '' ? rest : { ...rest, name: e.target.value },
                `name:${step.id}`,
              );
            }}
            data-testid="step-name"
          />
        </label>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="small"
          disabled={isStart}
          onClick={onMakeStart}
          data-testid="step-make-start"
        >
          {isStart ? 'Journeys start here' : 'Start journeys here'}
        </button>
        <button type="button" className="small danger" onClick={onDelete} data-testid="step-delete">
          Delete step
        </button>
      </div>
    </div>
  );
}
