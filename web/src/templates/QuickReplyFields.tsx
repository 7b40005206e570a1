/** The quick-reply buttons of a new template (labels up to 25 characters, Meta's limit). */
import {
  WA_TEMPLATE_BUTTON_LABEL_MAX,
  WA_TEMPLATE_QUICK_REPLIES_MAX,
} from '../../../src/canvas/limits';
import { Errors } from './Errors';

export function QuickReplyFields({
  value,
  onChange,
  errors,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  errors: string[] | undefined;
}) {
  return (
    <fieldset>
      <legend>Quick-reply buttons</legend>
      {value.map((label, i) => (
        <div className="kv-row" key={i}>
          <label className="grow">
            <span className="visually-hidden">Button {i + 1}</span>
            <input
              value={label}
              maxLength={WA_TEMPLATE_BUTTON_LABEL_MAX}
              onChange={(e) => onChange(value.map((x, j) => (j === i ? e.target.value : x)))}
              data-testid={`tf-button-${i}`}
            />
          </label>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove button ${label || i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        disabled={value.length >= WA_TEMPLATE_QUICK_REPLIES_MAX}
        onClick={() => onChange([...value, ''])}
        data-testid="tf-add-button"
      >
        Add quick reply
      </button>
      <Errors errors={errors} />
    </fieldset>
  );
}
