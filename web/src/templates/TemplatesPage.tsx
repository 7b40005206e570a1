/**
 * The template library: every template with status, category and language, a WhatsApp
 * preview of the one selected, and the form to submit a new one for review.
 */
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { useTemplates } from '../lib/use-templates';
import { ChatBubble } from '../chat/ChatBubble';
import { templateBubble } from '../chat/bubbles';
import { StatusBadge } from '../components/StatusBadge';
import { TemplateForm } from './TemplateForm';
import { defaultBodyParams } from './template-params';

export function TemplatesPage() {
  const { templates, error, loaded, reload } = useTemplates();
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [syncNote, setSyncNote] = useState<string>();
  const current =
    templates.find((t) => `${t.info.name}|${t.info.language}` === selected) ?? templates[0];

  const sync = async () => {
    try {
      const answer = await api<{ synced: number }>('POST', '/api/v1/templates/sync');
      setSyncNote(`Synced ${answer.synced} template(s).`);
      reload();
    } catch (err) {
      setSyncNote(errorMessage(err));
    }
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>Templates</h1>
        <div className="button-row">
          <button type="button" onClick={() => void sync()} data-testid="templates-sync">
            Sync from WhatsApp
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => setCreating(true)}
            data-testid="template-new"
          >
            New template
          </button>
        </div>
      </header>
      {syncNote && (
        <p className="hint" role="status">
          {syncNote}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {creating && (
        <TemplateForm
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setSelected(key);
            reload();
          }}
        />
      )}
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : templates.length === 0 ? (
        <p className="empty">
          No templates yet. Create one, or sync them from your WhatsApp Business account.
        </p>
      ) : (
        <div className="split">
          <div className="table-wrap">
            <table className="table" data-testid="template-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Category</th>
                  <th scope="col">Language</th>
                </tr>
              </thead>
              <tbody>
                {templates.map((t) => {
                  const key = `${t.info.name}|${t.info.language}`;
                  return (
                    <tr
                      key={key}
                      className={current === t ? 'is-current' : undefined}
                      data-testid={`template-row-${t.info.name}`}
                    >
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setSelected(key)}
                          aria-pressed={current === t}
                        >
                          {t.info.name}
                        </button>
                      </td>
                      <td>
                        <StatusBadge status={t.info.status} />
                        {t.meta.rejected_reason && t.meta.rejected_reason !== 'NONE' && (
                          <div className="muted small">{t.meta.rejected_reason}</div>
                        )}
                      </td>
                      <td>{t.info.category.toLowerCase()}</td>
                      <td>{t.info.language}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {current && (
            <div className="phone-preview" aria-label={`Preview of ${current.info.name}`}>
              <div className="chat-screen">
                <ChatBubble
                  bubble={templateBubble(
                    current.info,
                    defaultBodyParams(current),
                    headerText(current.meta.components),
                  )}
                />
              </div>
              <p className="muted small">
                {current.info.bodyParams.length > 0
                  ? `Placeholders: ${current.info.bodyParams.map((p) => `{{${p}}}`).join(', ')}`
                  : 'No placeholders.'}
              </p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function headerText(
  components: ReadonlyArray<{ type: string; format?: string; text?: string }>,
): string | undefined {
  const header = components.find((c) => c.type.toUpperCase() === 'HEADER');
  if (!header) return undefined;
  return header.text ?? `[${(header.format ?? 'media').toLowerCase()}]`;
}
