/**
 * The condition-based steps: Decision Split (yes / no), Audience Paths (ranked groups),
 * and Experiment Paths (weighted paths). Conditions are edited as YAML, checked by the
 * canvas package's own `Condition` schema.
 */
import { Condition } from '../../../../src/canvas/conditions';
import {
  AUDIENCE_PATHS_MAX_GROUPS,
  EXPERIMENT_PATHS_MAX_PATHS,
} from '../../../../src/canvas/limits';
import { replaceAt } from '../../document/outlets';
import type { PanelProps } from './types';
import { bySchema, YamlField } from './YamlField';

const conditionCheck = bySchema(Condition);
const CONDITION_HINT = 'e.g. { var: user.tier, equals: gold } — combine with all / any / not.';

export function DecisionSplitPanel({ step, onChange }: PanelProps<'decision_split'>) {
  return (
    <div className="panel-section">
      <YamlField
        label="If"
        value={step.if}
        check={conditionCheck}
        hint={CONDITION_HINT}
        testId="decision-if"
        onChange={(value) => value && onChange({ ...step, if: value }, `if:${step.id}`)}
      />
    </div>
  );
}

export function AudiencePathsPanel({ step, onChange }: PanelProps<'audience_paths'>) {
  return (
    <div className="panel-section">
      <p className="hint">Ranked: a person takes the first group whose condition holds.</p>
      <ol className="groups">
        {step.groups.map((g, i) => (
          <li key={i} className="group-card">
            <div className="field-row">
              <label className="field grow">
                Name
                <input
                  value={g.name ?? ''}
                  onChange={(e) =>
                    onChange(
                      {
                        ...step,
                        groups: replaceAt(step.groups, i, (x) => ({ ...x, name: e.target.value })),
                      },
                      `aname:${step.id}:${i}`,
                    )
                  }
                />
              </label>
              <label className="field">
                Id
                <input
                  value={g.id}
                  onChange={(e) =>
                    onChange(
                      {
                        ...step,
                        groups: replaceAt(step.groups, i, (x) => ({ ...x, id: e.target.value })),
                      },
                      `aid:${step.id}:${i}`,
                    )
                  }
                />
              </label>
            </div>
            <YamlField
              label="Condition"
              value={g.if}
              check={conditionCheck}
              hint={CONDITION_HINT}
              onChange={(value) =>
                value &&
                onChange(
                  { ...step, groups: replaceAt(step.groups, i, (x) => ({ ...x, if: value })) },
                  `aif:${step.id}:${i}`,
                )
              }
            />
            <button
              type="button"
              className="small danger"
              disabled={step.groups.length <= 1}
              onClick={() => onChange({ ...step, groups: step.groups.filter((_, j) => j !== i) })}
            >
              Remove group
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={step.groups.length >= AUDIENCE_PATHS_MAX_GROUPS}
        onClick={() =>
          onChange({
            ...step,
            groups: [
              ...step.groups,
              { id: `group_${step.groups.length + 1}`, if: { var: 'user.tier', equals: 'silver' } },
            ],
          })
        }
      >
        Add group
      </button>
    </div>
  );
}

export function ExperimentPathsPanel({ step, onChange }: PanelProps<'experiment_paths'>) {
  const total = step.paths.reduce((n, p) => n + p.weight, 0);
  return (
    <div className="panel-section">
      <p className="hint">Each person is placed by weight, always on the same path.</p>
      {step.paths.map((p, i) => (
        <div key={i} className="field-row">
          <label className="field grow">
            Path id
            <input
              value={p.id}
              onChange={(e) =>
                onChange(
                  {
                    ...step,
                    paths: replaceAt(step.paths, i, (x) => ({ ...x, id: e.target.value })),
                  },
                  `pid:${step.id}:${i}`,
                )
              }
            />
          </label>
          <label className="field">
            Weight ({total > 0 ? Math.round((p.weight / total) * 100) : 0}%)
            <input
              type="number"
              min={1}
              value={p.weight}
              onChange={(e) =>
                onChange(
                  {
                    ...step,
                    paths: replaceAt(step.paths, i, (x) => ({
                      ...x,
                      weight: Number(e.target.value),
                    })),
                  },
                  `pw:${step.id}:${i}`,
                )
              }
            />
          </label>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove path ${p.id}`}
            disabled={step.paths.length <= 2}
            onClick={() => onChange({ ...step, paths: step.paths.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={step.paths.length >= EXPERIMENT_PATHS_MAX_PATHS}
        onClick={() =>
          onChange({
            ...step,
            paths: [...step.paths, { id: `path_${step.paths.length + 1}`, weight: 10 }],
          })
        }
      >
        Add path
      </button>
    </div>
  );
}
