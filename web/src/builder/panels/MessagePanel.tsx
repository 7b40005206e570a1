/**
 * A Message step: a template (picked from the library, with its body parameters and a
 * preview), free text, or interactive reply buttons.
 */
import type { StepOf } from '../../../../src/canvas/schema';
import type { WhatsAppMessage } from '../../../../src/canvas/steps/message';
import { ChatBubble } from '../../chat/ChatBubble';
import { templateBubble } from '../../chat/bubbles';
import type { PanelProps } from './types';
import { defaultBodyParams, templateKey } from '../../templates/template-params';
import { InteractiveFields } from './InteractiveFields';

const KINDS = ['template', 'text', 'interactive'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(wa: WhatsAppMessage): Kind {
  if (wa.template !== undefined) return 'template';
  if (wa.interactive !== undefined) return 'interactive';
  return 'text';
}

export function MessagePanel({ step, templates, onChange }: PanelProps<'message'>) {
  const wa = step.whatsapp;
  const kind = kindOf(wa);
  const set = (whatsapp: WhatsAppMessage, mergeKey?: string) =>
    onChange({ ...step, whatsapp }, mergeKey);
  const keep = wa.number !== undefined ? { number: wa.number } : {};

  const switchKind = (next: Kind) => {
    if (next === kind) return;
    if (next === 'text') set({ ...keep, text: '' });
    else if (next === 'interactive')
      set({ ...keep, interactive: { body: '', buttons: [{ title: 'OK' }] } });
    else {
      const first = templates.find((t) => t.info.status === 'APPROVED') ?? templates[0];
      set(first ? fromTemplate(first) : { ...keep, template: '' });
    }
  };

  const fromTemplate = (t: (typeof templates)[number]): WhatsAppMessage => {
    const body = defaultBodyParams(t);
    return {
      ...keep,
      template: t.info.name,
      language: t.info.language,
      ...(body !== undefined ? { body } : {}),
    };
  };

  const current = templates.find(
    (t) => t.info.name === wa.template && t.info.language === (wa.language ?? 'en_US'),
  );

  return (
    <div className="panel-section">
      <div className="field">
        <label htmlFor={`kind-${step.id}`}>Send</label>
        <select
          id={`kind-${step.id}`}
          value={kind}
          onChange={(e) => {
            const next = KINDS.find((k) => k === e.target.value);
            if (next) switchKind(next);
          }}
          data-testid="message-kind"
        >
          <option value="template">A template</option>
          <option value="text">Text</option>
          <option value="interactive">Reply buttons</option>
        </select>
      </div>
      {kind === 'template' && (
        <>
          <div className="field">
            <label htmlFor={`template-${step.id}`}>Template</label>
            <select
              id={`template-${step.id}`}
              data-testid="template-picker"
              value={current ? templateKey(current, templates) : ''}
              onChange={(e) => {
                const picked = templates.find((t) => templateKey(t, templates) === e.target.value);
                if (picked) set(fromTemplate(picked));
              }}
            >
              <option value="" disabled>
                {wa.template ? `${wa.template} (not in the library)` : 'Choose a template…'}
              </option>
              {templates.map((t) => (
                <option key={templateKey(t, templates)} value={templateKey(t, templates)}>
                  {t.info.name} · {t.info.language} · {t.info.status.toLowerCase()}
                </option>
              ))}
            </select>
            {templates.length === 0 && (
              <p className="hint">No templates yet: create one under Templates.</p>
            )}
          </div>
          <BodyParams step={step} onChange={onChange} />
          {current && (
            <div className="preview">
              <ChatBubble bubble={templateBubble(current.info, wa.body)} />
            </div>
          )}
        </>
      )}
      {kind === 'text' && (
        <>
          <div className="field">
            <label htmlFor={`text-${step.id}`}>Text (Liquid allowed)</label>
            <textarea
              id={`text-${step.id}`}
              rows={4}
              value={wa.text ?? ''}
              onChange={(e) => set({ ...wa, text: e.target.value }, `text:${step.id}`)}
              data-testid="message-text"
            />
          </div>
          <OutsideWindow step={step} onChange={onChange} />
        </>
      )}
      {kind === 'interactive' && wa.interactive && (
        <>
          <InteractiveFields
            stepId={step.id}
            value={wa.interactive}
            onChange={(interactive, key) => set({ ...wa, interactive }, key)}
          />
          <OutsideWindow step={step} onChange={onChange} />
        </>
      )}
    </div>
  );
}

function BodyParams({ step, onChange }: Pick<PanelProps<'message'>, 'step' | 'onChange'>) {
  const body = step.whatsapp.body;
  if (body === undefined) return null;
  const entries: Array<[string, string]> = Array.isArray(body)
    ? body.map((v, i) => [String(i + 1), v])
    : Object.entries(body);
  const setParam = (i: number, value: string) => {
    const next = Array.isArray(body)
      ? body.map((v, j) => (j === i ? value : v))
      : Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? value : v]));
    onChange({ ...step, whatsapp: { ...step.whatsapp, body: next } }, `param:${step.id}:${i}`);
  };
  return (
    <fieldset className="params">
      <legend>Body parameters (Liquid allowed)</legend>
      {entries.map(([name, value], i) => (
        <label key={name} className="param">
          <code>{`{{${name}}}`}</code>
          <input
            value={value}
            onChange={(e) => setParam(i, e.target.value)}
            aria-invalid={value.trim() === ''}
            data-testid={`template-param-${i}`}
          />
        </label>
      ))}
      {entries.some(([, v]) => v.trim() === '') && (
        <p className="field-error">WhatsApp refuses a template with an empty parameter.</p>
      )}
    </fieldset>
  );
}

function OutsideWindow({ step, onChange }: Pick<PanelProps<'message'>, 'step' | 'onChange'>) {
  const policy = step.whatsapp.outside_window;
  const value = typeof policy === 'object' ? 'template' : (policy ?? 'skip');
  return (
    <div className="field">
      <label htmlFor={`ow-${step.id}`}>If the 24 h window is closed</label>
      <select
        id={`ow-${step.id}`}
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          const wa = { ...step.whatsapp };
          if (v === 'skip') delete wa.outside_window;
          else if (v === 'exit') wa.outside_window = 'exit';
          onChange({ ...step, whatsapp: wa } satisfies StepOf<'message'>);
        }}
      >
        <option value="skip">Skip it and go on</option>
        <option value="exit">End the journey</option>
        {value === 'template' && (
          <option value="template">Send the fallback template (YAML)</option>
        )}
      </select>
    </div>
  );
}
