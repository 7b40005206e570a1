/**
 * The right-hand panel: the selected step's form, its branches and its issues; the entry
 * settings when the entry is selected; the canvas's own fields and all issues otherwise.
 */
import type { Canvas, Step, StepType } from '../../../src/canvas/schema';
import type { LoadedTemplate } from '../api/templates';
import type { CanvasCheck } from '../document/issues';
import { ENTRY_NODE_ID } from '../document/derive';
import {
  addStepAfter,
  connect,
  findStep,
  makeStart,
  removeStep,
  renameStep,
  updateStep,
} from '../document/edit';
import { positionsOf } from '../document/layout';
import { assertNever } from '../document/outlets';
import type { CanvasEditor } from './use-canvas-editor';
import { IssueList } from './IssueList';
import { StepHeader } from './StepHeader';
import { Branches } from './panels/Branches';
import { EntryPanel } from './panels/EntryPanel';
import { MessagePanel } from './panels/MessagePanel';
import { ActionPathsPanel } from './panels/ActionPathsPanel';
import { DelayPanel } from './panels/DelayPanel';
import { AudiencePathsPanel, DecisionSplitPanel, ExperimentPathsPanel } from './panels/SplitPanels';
import { UserUpdatePanel } from './panels/UserUpdatePanel';
import { WebhookPanel } from './panels/WebhookPanel';

export function SidePanel({
  editor,
  check,
  templates,
}: {
  editor: CanvasEditor;
  check: CanvasCheck;
  templates: readonly LoadedTemplate[];
}) {
  const { doc, selectedId, select, edit } = editor;
  if (selectedId === ENTRY_NODE_ID)
    return (
      <aside className="side-panel" aria-label="Entry settings" data-testid="side-panel">
        <div className="panel-section">
          <h2>Entry</h2>
        </div>
        <EntryPanel doc={doc} onChange={(next, key) => edit(() => next, key)} />
      </aside>
    );
  const step = selectedId === undefined ? undefined : findStep(doc, selectedId);
  if (!step) return <CanvasPanel editor={editor} check={check} />;

  const change = (next: Step, key?: string) => edit((d) => updateStep(d, step.id, () => next), key);
  const create = (outletKey: string, type: StepType, outletIndex: number) =>
    edit((d) => {
      const at = positionsOf(d).get(step.id) ?? { x: 0, y: 0 };
      return addStepAfter(d, step.id, outletKey, type, at, outletIndex).doc;
    });
  const issues = check.byStep.get(step.id) ?? [];
  return (
    <aside className="side-panel" aria-label={`Step ${step.id}`} data-testid="side-panel">
      <StepHeader
        key={step.id}
        doc={doc}
        step={step}
        onChange={change}
        onRename={(to) => {
          edit((d) => renameStep(d, step.id, to));
          select(to);
        }}
        onMakeStart={() => edit((d) => makeStart(d, step.id))}
        onDelete={() => {
          edit((d) => removeStep(d, step.id));
          select(undefined);
        }}
      />
      <IssueList issues={issues} testId="step-issues" />
      <StepForm step={step} doc={doc} templates={templates} onChange={change} />
      <div className="panel-section">
        <Branches
          doc={doc}
          step={step}
          onConnect={(key, target) => edit((d) => connect(d, step.id, key, target))}
          onCreate={create}
          onOpen={select}
        />
      </div>
    </aside>
  );
}

function StepForm({
  step,
  doc,
  templates,
  onChange,
}: {
  step: Step;
  doc: Canvas;
  templates: readonly LoadedTemplate[];
  onChange: (step: Step, key?: string) => void;
}) {
  const common = { doc, templates, onChange };
  switch (step.type) {
    case 'message':
      return <MessagePanel step={step} {...common} />;
    case 'action_paths':
      return <ActionPathsPanel step={step} {...common} />;
    case 'delay':
      return <DelayPanel step={step} {...common} />;
    case 'decision_split':
      return <DecisionSplitPanel step={step} {...common} />;
    case 'audience_paths':
      return <AudiencePathsPanel step={step} {...common} />;
    case 'experiment_paths':
      return <ExperimentPathsPanel step={step} {...common} />;
    case 'user_update':
      return <UserUpdatePanel step={step} {...common} />;
    case 'webhook':
      return <WebhookPanel step={step} {...common} />;
    case 'exit':
      return (
        <p className="panel-section hint">
          The journey ends here. Give it a name to see it in analytics.
        </p>
      );
    default:
      return assertNever(step);
  }
}

function CanvasPanel({ editor, check }: { editor: CanvasEditor; check: CanvasCheck }) {
  const { doc, edit, select } = editor;
  return (
    <aside className="side-panel" aria-label="Canvas settings" data-testid="side-panel">
      <div className="panel-section">
        <h2>Canvas</h2>
        <label className="field">
          Name
          <input
            value={doc.name}
            onChange={(e) => edit((d) => ({ ...d, name: e.target.value }), 'canvas-name')}
            data-testid="canvas-name"
          />
        </label>
        <label className="field">
          Description
          <textarea
            rows={2}
            value={doc.description ?? ''}
            onChange={(e) =>
              edit((d) => {
                const { description: _old, ...rest } = d;
                return e.target.value === '' ? rest : { ...rest, description: e.target.value };
              }, 'canvas-description')
            }
          />
        </label>
        <p className="hint">Select a step to edit it, or add one from the palette.</p>
      </div>
      <div className="panel-section">
        <h3>Issues</h3>
        <IssueList issues={check.issues} onOpen={select} empty="No issues: ready to publish." />
      </div>
    </aside>
  );
}
