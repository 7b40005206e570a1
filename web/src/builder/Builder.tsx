/**
 * The builder: toolbar, tabs (graph, YAML, versions), palette, graph and side panel,
 * all over one document. Issues are recomputed in the browser on every change of the
 * steps; save is a PUT of the document, publish saves first and then publishes.
 */
import { useCallback, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { Canvas, StepType } from '../../../src/canvas/schema';
import type { CanvasIssue } from '../../../src/canvas/issues';
import { api, ApiError, errorMessage } from '../api/client';
import type { CanvasDetail, CanvasStatus } from '../api/types';
import { checkCanvas } from '../document/issues';
import { addStepPlaced } from '../document/layout';
import { useTemplates } from '../lib/use-templates';
import { href, useLeaveGuard } from '../router';
import { useCanvasEditor } from './use-canvas-editor';
import { useUndoKeys } from './use-undo-keys';
import { Toolbar } from './Toolbar';
import { Palette } from './Palette';
import { FlowView } from './FlowView';
import { SidePanel } from './SidePanel';
import { YamlTab } from './YamlTab';
import { VersionsTab } from './VersionsTab';
import { IssueList } from './IssueList';

type Tab = 'graph' | 'yaml' | 'versions';
const TABS: Array<[Tab, string]> = [
  ['graph', 'Graph'],
  ['yaml', 'YAML'],
  ['versions', 'Versions'],
];

export function Builder({
  detail,
  initial,
  unsaved = false,
}: {
  detail: CanvasDetail;
  initial: Canvas;
  unsaved?: boolean;
}) {
  const editor = useCanvasEditor(initial, unsaved);
  const { doc, edit, select, selectedId } = editor;
  const { templates } = useTemplates();
  const [tab, setTab] = useState<Tab>('graph');
  const [status, setStatus] = useState<CanvasStatus>(detail.status);
  const [liveVersion, setLiveVersion] = useState<number | null>(detail.liveVersion);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{
    kind: 'ok' | 'error';
    text: string;
    issues?: CanvasIssue[];
  }>();

  // Layout moves do not change what the canvas does, so they do not re-run inspect.
  const { steps, entry, exit_criteria, settings } = doc;
  const infos = useMemo(() => templates.map((t) => t.info), [templates]);
  const check = useMemo(
    () => checkCanvas({ ...doc, ui: {} }, infos),
    [steps, entry, exit_criteria, settings, doc.id, doc.name, doc.description, infos],
  );

  const save = useCallback(async (): Promise<boolean> => {
    setBusy(true);
    setNotice(undefined);
    try {
      const saved = await api<CanvasDetail>(
        'PUT',
        `/api/v1/canvases/${encodeURIComponent(detail.id)}`,
        doc,
      );
      editor.markSaved(doc);
      setStatus(saved.status);
      setNotice({ kind: 'ok', text: 'Saved.' });
      return true;
    } catch (err) {
      setNotice({
        kind: 'error',
        text: errorMessage(err),
        issues: err instanceof ApiError ? err.canvasIssues : [],
      });
      return false;
    } finally {
      setBusy(false);
    }
  }, [detail.id, doc, editor]);

  const publish = useCallback(async () => {
    if (editor.dirty && !(await save())) return;
    setBusy(true);
    try {
      const answer = await api<{ version: number }>(
        'POST',
        `/api/v1/canvases/${encodeURIComponent(detail.id)}/publish`,
        {},
      );
      setStatus('live');
      setLiveVersion(answer.version);
      setNotice({ kind: 'ok', text: `Published version ${answer.version}. It is live.` });
    } catch (err) {
      setNotice({
        kind: 'error',
        text: errorMessage(err),
        issues: err instanceof ApiError ? err.canvasIssues : [],
      });
    } finally {
      setBusy(false);
    }
  }, [detail.id, editor.dirty, save]);

  const changeStatus = useCallback(
    async (action: 'stop' | 'resume') => {
      setBusy(true);
      try {
        const answer = await api<{ status: CanvasStatus }>(
          'POST',
          `/api/v1/canvases/${encodeURIComponent(detail.id)}/${action}`,
        );
        setStatus(answer.status);
        setNotice({ kind: 'ok', text: action === 'stop' ? 'Stopped.' : 'Live again.' });
      } catch (err) {
        setNotice({ kind: 'error', text: errorMessage(err) });
      } finally {
        setBusy(false);
      }
    },
    [detail.id],
  );

  useUndoKeys(editor.undo, editor.redo, () => void save());

  useLeaveGuard(editor.dirty, 'Leave the builder? Your changes are not saved.');

  const add = (type: StepType) => {
    const added = addStepPlaced(doc, type, selectedId);
    edit(() => added.doc);
    select(added.id);
  };

  return (
    <div className="builder">
      <Toolbar
        name={doc.name}
        status={status}
        liveVersion={liveVersion}
        dirty={editor.dirty}
        busy={busy}
        blocking={check.blocking}
        canUndo={editor.canUndo}
        canRedo={editor.canRedo}
        onUndo={editor.undo}
        onRedo={editor.redo}
        onSave={() => void save()}
        onPublish={() => void publish()}
        onStatus={(action) => void changeStatus(action)}
        analyticsHref={href(`/canvases/${encodeURIComponent(detail.id)}/analytics`)}
      />
      {notice && (
        <div
          className={`notice is-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <p>{notice.text}</p>
          {notice.issues && <IssueList issues={notice.issues} onOpen={select} />}
          <button type="button" className="link-button" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="Views">
        {TABS.map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            className="tab"
            onClick={() => setTab(value)}
            data-testid={`tab-${value}`}
          >
            {label}
            {value === 'graph' && check.issues.length > 0 && (
              <span className="tab-count" aria-label={`${check.issues.length} issues`}>
                {check.issues.length}
              </span>
            )}
          </button>
        ))}
      </div>
      {tab === 'graph' && (
        <div className="builder-body">
          <Palette onAdd={add} />
          <ReactFlowProvider>
            <FlowView
              doc={doc}
              issuesByStep={check.byStep}
              selectedId={selectedId}
              onSelect={select}
              edit={edit}
            />
          </ReactFlowProvider>
          <SidePanel editor={editor} check={check} templates={templates} />
        </div>
      )}
      {tab === 'yaml' && <YamlTab doc={doc} onChange={(next) => edit(() => next, 'yaml')} />}
      {tab === 'versions' && <VersionsTab canvasId={detail.id} />}
    </div>
  );
}
