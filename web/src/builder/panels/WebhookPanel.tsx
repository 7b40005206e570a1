/**
 * A Webhook step: method, URL, headers, JSON body (YAML), timeout and retries. Whether it
 * waits for the outcome is decided by its branches (success / failure vs next).
 */
import type { StepOf } from '../../../../src/canvas/schema';
import type { PanelProps } from './types';
import { KeyValueEditor } from './KeyValueEditor';
import { YamlField } from './YamlField';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Request = StepOf<'webhook'>['request'];

export function WebhookPanel({ step, onChange }: PanelProps<'webhook'>) {
  const request = step.request;
  const setRequest = (next: Request, key?: string) => onChange({ ...step, request: next }, key);
  return (
    <div className="panel-section">
      <div className="field-row">
        <label className="field">
          Method
          <select
            value={request.method ?? 'POST'}
            onChange={(e) => {
              const method = METHODS.find((m) => m === e.target.value);
              if (method) setRequest({ ...request, method });
            }}
          >
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="field grow">
          URL (Liquid allowed)
          <input
            value={request.url}
            onChange={(e) => setRequest({ ...request, url: e.target.value }, `url:${step.id}`)}
            data-testid="webhook-url"
          />
        </label>
      </div>
      <KeyValueEditor
        legend="Headers"
        keyLabel="Header"
        valueLabel="Value"
        testId="webhook-headers"
        value={request.headers ?? {}}
        onChange={(headers) => {
          const { headers: _old, ...rest } = request;
          setRequest(
            Object.keys(headers).length > 0 ? { ...rest, headers } : rest,
            `headers:${step.id}`,
          );
        }}
      />
      <YamlField
        label="Body (YAML or JSON; strings may use Liquid)"
        value={request.body}
        check={(raw) => ({ ok: true, value: raw })}
        optional
        onChange={(body) => {
          const { body: _old, ...rest } = request;
          setRequest(body === undefined ? rest : { ...rest, body }, `body:${step.id}`);
        }}
      />
      <div className="field-row">
        <label className="field">
          Timeout
          <input
            value={String(step.timeout ?? '')}
            placeholder="10s"
            onChange={(e) => {
              const { timeout: _old, ...rest } = step;
              onChange(
                e.target.value ? { ...rest, timeout: e.target.value } : rest,
                `timeout:${step.id}`,
              );
            }}
          />
        </label>
        <label className="field">
          Retries
          <input
            type="number"
            min={0}
            max={10}
            value={step.retries ?? ''}
            onChange={(e) => {
              const { retries: _old, ...rest } = step;
              onChange(e.target.value === '' ? rest : { ...rest, retries: Number(e.target.value) });
            }}
          />
        </label>
      </div>
      <p className="hint">
        Connect Success / Failure to wait for the answer and branch on it; connect Next to go on at
        once.
      </p>
    </div>
  );
}
