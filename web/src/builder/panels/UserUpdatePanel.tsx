/**
 * A User Update step: attributes to set (text, Liquid allowed), the WhatsApp subscription,
 * and the other operations (inc, add, remove, unset) as YAML checked by the step's schema.
 */
import { UserUpdateStep } from '../../../../src/canvas/steps/user_update';
import type { StepOf } from '../../../../src/canvas/schema';
import type { PanelProps } from './types';
import { KeyValueEditor } from './KeyValueEditor';
import { YamlField, type Check } from './YamlField';

type UserUpdate = StepOf<'user_update'>;
const MORE = ['inc', 'add', 'remove', 'unset'] as const;

function without(step: UserUpdate, keys: readonly (keyof UserUpdate)[]): UserUpdate {
  const copy = { ...step };
  for (const key of keys) delete copy[key];
  return copy;
}

export function UserUpdatePanel({ step, onChange }: PanelProps<'user_update'>) {
  const set = step.set ?? {};
  const textSet: Record<string, string> = {};
  for (const [key, value] of Object.entries(set))
    if (typeof value === 'string') textSet[key] = value;
  const otherSet = Object.fromEntries(Object.entries(set).filter(([, v]) => typeof v !== 'string'));
  const more = Object.fromEntries(
    MORE.filter((k) => step[k] !== undefined).map((k) => [k, step[k]]),
  );

  const checkMore: Check<UserUpdate> = (raw) => {
    const extra = raw === null || raw === undefined ? {} : raw;
    if (typeof extra !== 'object' || Array.isArray(extra))
      return { ok: false, message: 'write a map, e.g. inc: { orders: 1 }' };
    const stray = Object.keys(extra).filter((k) => !MORE.some((m) => m === k));
    if (stray.length > 0)
      return { ok: false, message: `only ${MORE.join(', ')} here (not ${stray.join(', ')})` };
    const result = UserUpdateStep.safeParse({ ...without(step, MORE), ...extra });
    return result.success
      ? { ok: true, value: result.data }
      : { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
  };

  return (
    <div className="panel-section">
      <KeyValueEditor
        legend="Set attributes"
        keyLabel="Attribute"
        valueLabel="Value (Liquid allowed)"
        value={textSet}
        testId="uu-set"
        onChange={(record) => {
          const next = { ...otherSet, ...record };
          onChange({ ...step, set: next }, `set:${step.id}`);
        }}
      />
      <label className="field">
        WhatsApp subscription
        <select
          value={step.subscription?.state ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            const rest = without(step, ['subscription']);
            onChange(
              v === 'subscribed' || v === 'unsubscribed'
                ? { ...rest, subscription: { ...step.subscription, state: v } }
                : rest,
            );
          }}
        >
          <option value="">Leave as it is</option>
          <option value="subscribed">Subscribe</option>
          <option value="unsubscribed">Unsubscribe</option>
        </select>
      </label>
      <YamlField
        label="More operations (inc, add, remove, unset)"
        value={Object.keys(more).length > 0 ? more : undefined}
        check={checkMore}
        optional
        hint="e.g. inc: { feedback_count: 1 }"
        onChange={(next) => onChange(next ?? without(step, MORE), `more:${step.id}`)}
      />
    </div>
  );
}
