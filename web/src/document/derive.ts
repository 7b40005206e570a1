/**
 * The graph the builder draws, derived from the document on every render. Nodes are
 * steps (plus one for the entry), edges are outlets with a target. Nothing here is kept:
 * editing the graph means editing the document (edit.ts) and deriving again.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Canvas, Step } from '../../../src/canvas/schema';
import type { CanvasIssue } from '../../../src/canvas/issues';
import type { NodeAnalytics } from '../api/types';
import { connect, removeStep, type Position } from './edit';
import { positionsOf } from './layout';
import { outletsOf, type Outlet } from './outlets';

export const ENTRY_NODE_ID = '__entry';
export const ENTRY_HANDLE = 'start';
export const TARGET_HANDLE = 'in';
/** How far left of the leftmost step the entry node is drawn. */
export const ENTRY_GAP = 280;

export interface StepNodeData extends Record<string, unknown> {
  step: Step;
  index: number;
  outlets: Outlet[];
  issues: CanvasIssue[];
  isStart: boolean;
  /** Counts drawn on the node in the analytics view. */
  analytics?: NodeAnalytics;
}

export interface EntryNodeData extends Record<string, unknown> {
  entry: Canvas['entry'];
}

export type StepNode = Node<StepNodeData, 'step'>;
export type EntryNode = Node<EntryNodeData, 'entry'>;
export type FlowNode = StepNode | EntryNode;

export interface DerivedGraph {
  nodes: FlowNode[];
  edges: Edge[];
}

export function edgeId(from: string, outletKey: string): string {
  return `${from}|${outletKey}`;
}

/** Inverse of edgeId, for edge deletions coming back from the canvas. */
export function parseEdgeId(id: string): { from: string; outletKey: string } | undefined {
  const bar = id.indexOf('|');
  if (bar < 0) return undefined;
  return { from: id.slice(0, bar), outletKey: id.slice(bar + 1) };
}

export function deriveGraph(
  doc: Canvas,
  issuesByStep: ReadonlyMap<string, CanvasIssue[]> = new Map(),
  selectedId?: string,
): DerivedGraph {
  const positions = positionsOf(doc);
  const ids = new Set<string>();
  const nodes: FlowNode[] = [];
  const edges: Edge[] = [];
  doc.steps.forEach((step, index) => {
    // A repeated id is an error inspect reports on the first one; drawing it twice would
    // give React Flow two nodes with one key.
    if (ids.has(step.id)) return;
    ids.add(step.id);
    const outlets = outletsOf(step);
    nodes.push({
      id: step.id,
      type: 'step',
      position: positions.get(step.id) ?? { x: 0, y: 0 },
      selected: step.id === selectedId,
      ariaLabel: `${step.type.replace(/_/g, ' ')} step ${step.id}`,
      data: { step, index, outlets, issues: issuesByStep.get(step.id) ?? [], isStart: index === 0 },
    });
  });
  for (const node of nodes) {
    if (node.type !== 'step') continue;
    for (const outlet of node.data.outlets) {
      if (outlet.target === undefined || !ids.has(outlet.target)) continue;
      edges.push({
        id: edgeId(node.id, outlet.key),
        source: node.id,
        sourceHandle: outlet.key,
        target: outlet.target,
        targetHandle: TARGET_HANDLE,
        ...(outlet.kind === 'next' ? {} : { label: outlet.label }),
      });
    }
  }
  const first = doc.steps[0];
  if (first) {
    const at: Position = positions.get(first.id) ?? { x: 0, y: 0 };
    // Left of everything, level with the first step, so it never sits on a step.
    const left = Math.min(...[...positions.values()].map((p) => p.x));
    nodes.unshift({
      id: ENTRY_NODE_ID,
      type: 'entry',
      position: { x: left - ENTRY_GAP, y: at.y },
      selected: selectedId === ENTRY_NODE_ID,
      draggable: false,
      deletable: false,
      data: { entry: doc.entry },
    });
    edges.unshift({
      id: edgeId(ENTRY_NODE_ID, ENTRY_HANDLE),
      source: ENTRY_NODE_ID,
      sourceHandle: ENTRY_HANDLE,
      target: first.id,
      targetHandle: TARGET_HANDLE,
      deletable: false,
    });
  }
  return { nodes, edges };
}

/**
 * Deleting from the graph in one document edit: the steps of the deleted nodes (with the
 * branches that led to them) and the fields of the deleted edges. The entry cannot go.
 */
export function deleteFromGraph(
  doc: Canvas,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): Canvas {
  let next = doc;
  for (const id of edgeIds) {
    const parsed = parseEdgeId(id);
    if (parsed && parsed.from !== ENTRY_NODE_ID)
      next = connect(next, parsed.from, parsed.outletKey, undefined);
  }
  for (const id of nodeIds) if (id !== ENTRY_NODE_ID) next = removeStep(next, id);
  return next;
}
