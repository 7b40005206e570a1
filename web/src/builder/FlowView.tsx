/**
 * The graph editor. Nodes and edges are derived from the document on every render;
 * React Flow's change events are turned into document edits (move, connect, delete),
 * never applied to a copy. Only measured node sizes are kept here: they are layout facts
 * of the browser, not part of the canvas.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import type { Canvas } from '../../../src/canvas/schema';
import type { CanvasIssue } from '../../../src/canvas/issues';
import type { NodeAnalytics } from '../api/types';
import {
  deriveGraph,
  ENTRY_NODE_ID,
  deleteFromGraph,
  TARGET_HANDLE,
  type FlowNode,
} from '../document/derive';
import { connect, makeStart, setPosition } from '../document/edit';
import { EntryNodeView, StepNodeView } from './StepNode';

const nodeTypes = { step: StepNodeView, entry: EntryNodeView };

interface Size {
  width: number;
  height: number;
}

export interface FlowViewProps {
  doc: Canvas;
  issuesByStep: ReadonlyMap<string, CanvasIssue[]>;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  /** Absent in read-only views (analytics). */
  edit?: (change: (doc: Canvas) => Canvas, mergeKey?: string) => void;
  analytics?: Record<string, NodeAnalytics>;
}

export function FlowView({
  doc,
  issuesByStep,
  selectedId,
  onSelect,
  edit,
  analytics,
}: FlowViewProps) {
  const [sizes, setSizes] = useState<Record<string, Size>>({});
  const [selectedEdge, setSelectedEdge] = useState<string>();
  const dragCount = useRef(0);
  const { fitView } = useReactFlow();

  const graph = useMemo(
    () => deriveGraph(doc, issuesByStep, selectedId),
    [doc, issuesByStep, selectedId],
  );
  const nodes: FlowNode[] = useMemo(
    () =>
      graph.nodes.map((node) => {
        const size = sizes[node.id];
        const withSize = size ? { ...node, measured: size } : node;
        const stats = analytics?.[node.id];
        return withSize.type === 'step' && stats
          ? { ...withSize, data: { ...withSize.data, analytics: stats } }
          : withSize;
      }),
    [graph, sizes, analytics],
  );
  const edges: Edge[] = useMemo(
    () => graph.edges.map((e) => (e.id === selectedEdge ? { ...e, selected: true } : e)),
    [graph, selectedEdge],
  );

  // Keep every step in view when steps come and go, so a new step is never off-screen.
  const stepKey = doc.steps.map((s) => s.id).join(',');
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [stepKey, fitView]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const measured: Record<string, Size> = {};
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions)
          measured[change.id] = change.dimensions;
        else if (change.type === 'select' && change.selected) onSelect(change.id);
        else if (
          change.type === 'position' &&
          change.position &&
          edit &&
          change.id !== ENTRY_NODE_ID
        ) {
          const { id, position } = change;
          edit((d) => setPosition(d, id, position), `move:${id}:${dragCount.current}`);
        }
      }
      if (Object.keys(measured).length > 0) setSizes((s) => ({ ...s, ...measured }));
    },
    [edit, onSelect],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === 'select') setSelectedEdge(change.selected ? change.id : undefined);
    }
  }, []);

  // Removals arrive here once for everything the Delete key took (nodes and their edges),
  // so that one deletion is one undo step.
  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: FlowNode[]; edges: Edge[] }) => {
      if (!edit) return;
      const ids = gone.map((n) => n.id);
      edit((d) =>
        deleteFromGraph(
          d,
          ids,
          cut.map((e) => e.id),
        ),
      );
      if (selectedId !== undefined && ids.includes(selectedId)) onSelect(undefined);
    },
    [edit, onSelect, selectedId],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!edit || c.target === ENTRY_NODE_ID) return;
      if (c.source === ENTRY_NODE_ID) edit((d) => makeStart(d, c.target));
      else if (c.sourceHandle) {
        const handle = c.sourceHandle;
        edit((d) => connect(d, c.source, handle, c.target));
      }
    },
    [edit],
  );

  return (
    <div className="flow" data-testid="flow">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onNodeDragStart={() => {
          dragCount.current += 1;
        }}
        onPaneClick={() => onSelect(undefined)}
        isValidConnection={(c) => c.target !== ENTRY_NODE_ID && c.targetHandle === TARGET_HANDLE}
        nodesDraggable={edit !== undefined}
        nodesConnectable={edit !== undefined}
        elementsSelectable
        deleteKeyCode={edit ? ['Backspace', 'Delete'] : null}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        minZoom={0.2}
        maxZoom={1.5}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
