/**
 * Create a template and submit it to Meta for review (it starts PENDING). The server's
 * issues are shown under the field each belongs to; a live preview shows the result.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { placeholders, toTemplateInfo } from '../../../src/canvas/templates';
import { api, ApiError, errorMessage } from '../api/client';
import type { TemplateIssue } from '../api/types';
import { ChatBubble } from '../chat/ChatBubble';
import { Errors } from './Errors';
import { QuickReplyFields } from './QuickReplyFields';
import { templateBubble } from '../chat/bubbles';
import {
  buildTemplate,
  emptyDraft,
  fieldOfIssue,
  type DraftField,
  type TemplateDraft,
} from './template-draft';

const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;

function isTemplateIssue(value: unknown): value is TemplateIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

export function TemplateForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<TemplateDraft>(emptyDraft);
  const [errors, setErrors] = useState<Partial<Record<DraftField, string[]>>>({});
  const [busy, setBusy] = useState(false);
  const params = placeholders(draft.body);
  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildTemplate(draft);
    setBusy(true);
    setErrors({});
    try {
      await api('POST', '/api/v1/templates', built.body);
      onCreated(`${built.body.name}|${built.body.language}`);
    } catch (err) {
      const next: Partial<Record<DraftField, string[]>> = {};
      const issues = err instanceof ApiError ? err.issues.filter(isTemplateIssue) : [];
      for (const issue of issues) {
        const field = fieldOfIssue(typeof issue.path === 'string' ? issue.path : '', built.fields);
        next[field] = [...(next[field] ?? []), issue.message];
      }
      if (issues.length === 0) next.form = [errorMessage(err)];
      setErrors(next);
      setBusy(false);
    }
  };

  const preview = toTemplateInfo({
    name: draft.name || 'preview',
    language: draft.language,
    status: 'PENDING',
    category: draft.category,
    components: [
      { type: 'BODY', text: draft.body || 'Your message' },
      {
        type: 'BUTTONS',
        buttons: draft.quickReplies
          .filter((b) => b !== '')
          .map((text) => ({ type: 'QUICK_REPLY', text })),
      },
    ],
  });

  return (
    <form
      className="card template-form"
      onSubmit={submit}
      aria-labelledby="new-template-title"
      noValidate
    >
      <h2 id="new-template-title">New template</h2>
      <div className="split">
        <div>
          <Field label="Name (lowercase, digits, _)" errors={errors.name}>
            <input
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
              placeholder="order_feedback"
              data-testid="tf-name"
            />
          </Field>
          <div className="field-row">
            <Field label="Language" errors={errors.language}>
              <input
                value={draft.language}
                onChange={(e) => set('language', e.target.value)}
                data-testid="tf-language"
              />
            </Field>
            <Field label="Category" errors={errors.category}>
              <select
                value={draft.category}
                onChange={(e) => {
                  const c = CATEGORIES.find((x) => x === e.target.value);
                  if (c) set('category', c);
                }}
                data-testid="tf-category"
              >
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c.toLowerCase()}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Header (optional text)" errors={errors.header}>
            <input
              value={draft.header}
              onChange={(e) => set('header', e.target.value)}
              data-testid="tf-header"
            />
          </Field>
          <Field label="Body — placeholders as {{1}}, {{2}}" errors={errors.body}>
            <textarea
              rows={4}
              value={draft.body}
              onChange={(e) => set('body', e.target.value)}
              data-testid="tf-body"
            />
          </Field>
          {params.length > 0 && (
            <fieldset>
              <legend>Example values (Meta reviews with them)</legend>
              {params.map((p, i) => (
                <label key={p} className="param">
                  <code>{`{{${p}}}`}</code>
                  <input
                    value={draft.examples[i] ?? ''}
                    onChange={(e) =>
                      set(
                        'examples',
                        params.map((_, j) =>
                          j === i ? e.target.value : (draft.examples[j] ?? ''),
                        ),
                      )
                    }
                    data-testid={`tf-example-${i}`}
                  />
                </label>
              ))}
              <Errors errors={errors.examples} />
            </fieldset>
          )}
          <Field label="Footer (optional)" errors={errors.footer}>
            <input
              value={draft.footer}
              onChange={(e) => set('footer', e.target.value)}
              data-testid="tf-footer"
            />
          </Field>
          <QuickReplyFields
            value={draft.quickReplies}
            onChange={(next) => set('quickReplies', next)}
            errors={errors.buttons}
          />
        </div>
        <div className="phone-preview" aria-label="Preview">
          <div className="chat-screen">
            <ChatBubble
              bubble={templateBubble(preview, draft.examples, draft.header || undefined)}
            />
          </div>
        </div>
      </div>
      <Errors errors={errors.form} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="tf-submit">
          Submit for review
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Field({
  label,
  errors,
  children,
}: {
  label: string;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <label className="field">
      {label}
      {children}
      <Errors errors={errors} />
    </label>
  );
}
