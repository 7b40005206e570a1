/**
 * A step on the graph: its type, name, a one-line summary, an issue badge, and one
 * outgoing handle per branch. In the analytics view it also carries the step's counts.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { EntryNode, StepNode } from '../document/derive';
import { ENTRY_HANDLE, TARGET_HANDLE } from '../document/derive';
import { STEP_LABELS } from '../document/new-step';
import { summarize } from '../document/summary';
import { NodeStats, OutletCount } from '../analytics/NodeStats';

export function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { step, outlets, issues, isStart, analytics } = data;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <div
      className={`step-node type-${step.type}${selected ? ' is-selected' : ''}${errors > 0 ? ' has-errors' : ''}`}
      data-testid={`node-${step.id}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        id={TARGET_HANDLE}
        className="handle handle-in"
        data-testid={`handle-in-${step.id}`}
      />
      <div className="step-node-head">
        <span className="step-type">{STEP_LABELS[step.type]}</span>
        {isStart && <span className="pill pill-start">Start</span>}
        {issues.length > 0 && (
          <span
            className={`issue-badge ${errors > 0 ? 'is-error' : 'is-warning'}`}
            data-testid={`issue-badge-${step.id}`}
            title={issues.map((i) => i.message).join('\n')}
          >
            {errors > 0
              ? `${errors} error${errors > 1 ? 's' : ''}`
              : `${warnings} warning${warnings > 1 ? 's' : ''}`}
          </span>
        )}
      </div>
      <div className="step-title">{step.name ?? step.id}</div>
      <div className="step-summary">{summarize(step)}</div>
      {analytics && <NodeStats step={step} stats={analytics} />}
      {outlets.length > 0 && (
        <ul className="outlets">
          {outlets.map((outlet) => (
            <li key={outlet.key} className={`outlet outlet-${outlet.kind}`}>
              <span className="outlet-label">{outlet.label}</span>
              {analytics && <OutletCount step={step} outlet={outlet} stats={analytics} />}
              <Handle
                type="source"
                position={Position.Right}
                id={outlet.key}
                className="handle handle-out"
                data-testid={`handle-${step.id}-${outlet.key}`}
                aria-label={`${outlet.label} of ${step.id}: drag to the next step`}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const ENTRY_LABELS: Record<EntryNode['data']['entry']['type'], string> = {
  api: 'API trigger',
  event: 'Custom event',
  inbound_whatsapp: 'Inbound WhatsApp',
  schedule: 'Schedule',
};

export function EntryNodeView({ data, selected }: NodeProps<EntryNode>) {
  const { entry } = data;
  const detail =
    entry.type === 'event'
      ? entry.event.name
      : entry.type === 'inbound_whatsapp'
        ? (entry.inbound_whatsapp?.body?.is?.toString() ?? 'any message')
        : entry.type === 'schedule'
          ? (entry.schedule.every ?? entry.schedule.at ?? '')
          : '/canvas/trigger/send';
  return (
    <div className={`entry-node${selected ? ' is-selected' : ''}`} data-testid="node-entry">
      <span className="step-type">Entry</span>
      <div className="step-title">{ENTRY_LABELS[entry.type]}</div>
      <div className="step-summary">{detail}</div>
      <Handle
        type="source"
        position={Position.Right}
        id={ENTRY_HANDLE}
        className="handle handle-out"
        data-testid="handle-entry"
        aria-label="Entry: drag to the first step"
      />
    </div>
  );
}
