/**
 * Interactive reply buttons (at most 3, WhatsApp's limit). Lists are edited in YAML.
 */
import { WA_REPLY_BUTTONS_MAX } from '../../../../src/canvas/limits';
import type { Interactive } from '../../../../src/canvas/steps/message';

export function InteractiveFields({
  stepId,
  value,
  onChange,
}: {
  stepId: string;
  value: Interactive;
  onChange: (value: Interactive, mergeKey?: string) => void;
}) {
  if (value.list)
    return <p className="hint">This message shows a list; edit it in the YAML tab.</p>;
  const buttons = value.buttons ?? [];
  return (
    <>
      <div className="field">
        <label htmlFor={`ibody-${stepId}`}>Text</label>
        <textarea
          id={`ibody-${stepId}`}
          rows={3}
          value={value.body}
          onChange={(e) => onChange({ ...value, body: e.target.value }, `ibody:${stepId}`)}
          data-testid="interactive-body"
        />
      </div>
      <fieldset>
        <legend>Reply buttons</legend>
        {buttons.map((b, i) => (
          <div className="kv-row" key={i}>
            <label className="grow">
              <span className="visually-hidden">Button {i + 1} title</span>
              <input
                value={b.title}
                maxLength={20}
                onChange={(e) =>
                  onChange(
                    {
                      ...value,
                      buttons: buttons.map((x, j) =>
                        j === i ? { ...x, title: e.target.value } : x,
                      ),
                    },
                    `ibutton:${stepId}:${i}`,
                  )
                }
                data-testid={`interactive-button-${i}`}
              />
            </label>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove button ${b.title || i + 1}`}
              disabled={buttons.length <= 1}
              onClick={() => onChange({ ...value, buttons: buttons.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small"
          disabled={buttons.length >= WA_REPLY_BUTTONS_MAX}
          onClick={() =>
            onChange({ ...value, buttons: [...buttons, { title: `Option ${buttons.length + 1}` }] })
          }
        >
          Add button
        </button>
      </fieldset>
    </>
  );
}
