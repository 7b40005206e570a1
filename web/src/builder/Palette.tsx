/**
 * The step palette: one button per step type. A new step lands to the right of the
 * selected one (or of the whole canvas) and becomes the selection, so its form opens.
 */
import type { StepType } from '../../../src/canvas/schema';
import { STEP_HINTS, STEP_LABELS, STEP_TYPES } from '../document/new-step';

export function Palette({ onAdd }: { onAdd: (type: StepType) => void }) {
  return (
    <nav className="palette" aria-label="Add a step" data-testid="palette">
      <h2 className="palette-title">Add a step</h2>
      <ul>
        {STEP_TYPES.map((type) => (
          <li key={type}>
            <button
              type="button"
              className={`palette-item type-${type}`}
              onClick={() => onAdd(type)}
              title={STEP_HINTS[type]}
              data-testid={`palette-${type}`}
            >
              <span className="palette-swatch" aria-hidden="true" />
              {STEP_LABELS[type]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
