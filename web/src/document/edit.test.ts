import { describe, expect, it } from 'vitest';
import type { Canvas, Step } from '../../../src/canvas/schema';
import {
  addStep,
  addStepAfter,
  connect,
  emptyCanvas,
  findStep,
  makeStart,
  removeStep,
  renameStep,
  setPosition,
} from './edit';
import { deleteFromGraph, deriveGraph, edgeId, ENTRY_NODE_ID } from './derive';
import { addStepPlaced, placeForNew } from './layout';

function stepOf(doc: Canvas, id: string): Step {
  const step = findStep(doc, id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

const withSteps = (steps: Step[]): Canvas => ({ ...emptyCanvas('t', 'T'), steps, ui: {} });

describe('adding steps', () => {
  it('puts the first real step before the lone exit of a new canvas, with its position', () => {
    const { doc, id } = addStep(emptyCanvas('c', 'C'), 'message', { x: 10.4, y: 20.6 });
    expect(id).toBe('message_1');
    expect(doc.steps.map((s) => s.id)).toEqual(['message_1', 'done']);
    expect(doc.ui?.positions?.message_1).toEqual({ x: 10, y: 21 });
    expect(stepOf(doc, 'message_1')).toEqual({
      id: 'message_1',
      type: 'message',
      whatsapp: { text: 'Hello!' },
    });
  });

  it('appends later steps and numbers ids per type', () => {
    let doc = addStep(emptyCanvas('c', 'C'), 'message').doc;
    doc = addStep(doc, 'action_paths').doc;
    doc = addStep(doc, 'message').doc;
    expect(doc.steps.map((s) => s.id)).toEqual([
      'message_1',
      'done',
      'action_paths_1',
      'message_2',
    ]);
    expect(stepOf(doc, 'action_paths_1')).toEqual({
      id: 'action_paths_1',
      type: 'action_paths',
      window: '24h',
      groups: [],
    });
  });

  it('adds a step after an outlet and connects it', () => {
    const start = withSteps([{ id: 'ask', type: 'message', whatsapp: { text: 'Hi' } }]);
    const { doc, id } = addStepAfter(start, 'ask', 'next', 'exit', { x: 100, y: 50 });
    expect(id).toBe('exit_1');
    expect(stepOf(doc, 'ask')).toMatchObject({ next: 'exit_1' });
    expect(doc.ui?.positions?.exit_1).toEqual({ x: 420, y: 50 });
  });
});

describe('connecting a handle sets the document field', () => {
  const base = withSteps([
    { id: 'ask', type: 'message', whatsapp: { text: 'Hi' } },
    {
      id: 'answer',
      type: 'action_paths',
      groups: [
        { id: 'yes', when: { inbound_whatsapp: { button: 0 } } },
        { id: 'no', when: { inbound_whatsapp: { button: 1 } } },
      ],
    },
    { id: 'vip', type: 'decision_split', if: { var: 'user.tier', equals: 'gold' } },
    { id: 'crm', type: 'webhook', request: { url: 'https://crm.example' }, next: 'done' },
    { id: 'done', type: 'exit' },
  ]);

  it('next', () => {
    expect(stepOf(connect(base, 'ask', 'next', 'answer'), 'ask')).toEqual({
      id: 'ask',
      type: 'message',
      whatsapp: { text: 'Hi' },
      next: 'answer',
    });
  });

  it('groups[i].next and everyone_else', () => {
    let doc = connect(base, 'answer', 'group-no', 'crm');
    doc = connect(doc, 'answer', 'everyone_else', 'done');
    const step = stepOf(doc, 'answer');
    expect(step).toEqual({
      id: 'answer',
      type: 'action_paths',
      groups: [
        { id: 'yes', when: { inbound_whatsapp: { button: 0 } } },
        { id: 'no', when: { inbound_whatsapp: { button: 1 } }, next: 'crm' },
      ],
      everyone_else: 'done',
    });
  });

  it('yes / no', () => {
    let doc = connect(base, 'vip', 'yes', 'crm');
    doc = connect(doc, 'vip', 'no', 'done');
    expect(stepOf(doc, 'vip')).toMatchObject({ yes: 'crm', no: 'done' });
  });

  it('on_success / on_failure replace a webhook next, and next replaces them', () => {
    let doc = connect(base, 'crm', 'on_success', 'done');
    doc = connect(doc, 'crm', 'on_failure', 'ask');
    expect(stepOf(doc, 'crm')).toEqual({
      id: 'crm',
      type: 'webhook',
      request: { url: 'https://crm.example' },
      on_success: 'done',
      on_failure: 'ask',
    });
    expect(stepOf(connect(doc, 'crm', 'next', 'done'), 'crm')).toEqual({
      id: 'crm',
      type: 'webhook',
      request: { url: 'https://crm.example' },
      next: 'done',
    });
  });

  it('disconnecting removes the field', () => {
    const doc = connect(base, 'crm', 'next', undefined);
    expect(stepOf(doc, 'crm')).toEqual({
      id: 'crm',
      type: 'webhook',
      request: { url: 'https://crm.example' },
    });
  });

  it('an unknown handle changes nothing', () => {
    expect(connect(base, 'answer', 'group-maybe', 'done')).toBe(base);
  });
});

describe('removing, renaming, reordering', () => {
  const doc = setPosition(
    withSteps([
      { id: 'ask', type: 'message', whatsapp: { text: 'Hi' }, next: 'wait' },
      { id: 'wait', type: 'delay', for: '1h', next: 'done' },
      { id: 'done', type: 'exit' },
    ]),
    'wait',
    { x: 5, y: 6 },
  );

  it('removing a step clears the branches that led to it and its position', () => {
    const out = removeStep(doc, 'wait');
    expect(out.steps).toEqual([
      { id: 'ask', type: 'message', whatsapp: { text: 'Hi' } },
      { id: 'done', type: 'exit' },
    ]);
    expect(out.ui?.positions).toEqual({});
  });

  it('renaming repoints branches and layout', () => {
    const out = renameStep(doc, 'wait', 'pause');
    expect(out.steps.map((s) => s.id)).toEqual(['ask', 'pause', 'done']);
    expect(stepOf(out, 'ask')).toMatchObject({ next: 'pause' });
    expect(out.ui?.positions).toEqual({ pause: { x: 5, y: 6 } });
    expect(renameStep(doc, 'wait', 'done')).toBe(doc);
  });

  it('makeStart moves a step first', () => {
    expect(makeStart(doc, 'done').steps.map((s) => s.id)).toEqual(['done', 'ask', 'wait']);
  });
});

describe('deriving the graph from the document', () => {
  it('has one node per step plus the entry, and one edge per connected outlet', () => {
    const doc = setPosition(
      withSteps([
        { id: 'ask', type: 'message', whatsapp: { text: 'Hi' }, next: 'answer' },
        {
          id: 'answer',
          type: 'action_paths',
          groups: [
            { id: 'no', name: 'No', when: { inbound_whatsapp: { button: 1 } }, next: 'done' },
            { id: 'other', when: { inbound_whatsapp: {} }, next: 'missing' },
          ],
          everyone_else: 'done',
        },
        { id: 'done', type: 'exit' },
      ]),
      'ask',
      { x: 300, y: 40 },
    );
    const { nodes, edges } = deriveGraph(doc, new Map(), 'answer');
    expect(nodes.map((n) => [n.id, n.type, n.position, n.selected])).toEqual([
      [ENTRY_NODE_ID, 'entry', { x: 20, y: 40 }, false],
      ['ask', 'step', { x: 300, y: 40 }, false],
      ['answer', 'step', { x: 320, y: 0 }, true],
      ['done', 'step', { x: 640, y: 0 }, false],
    ]);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.label])).toEqual([
      [ENTRY_NODE_ID, 'start', 'ask', undefined],
      ['ask', 'next', 'answer', undefined],
      ['answer', 'group-no', 'done', 'No'],
      ['answer', 'everyone_else', 'done', 'Everyone else'],
    ]);
    const answer = nodes.find((n) => n.id === 'answer');
    expect(answer?.type === 'step' && answer.data.outlets.map((o) => o.key)).toEqual([
      'group-no',
      'group-other',
      'everyone_else',
    ]);
  });
});

describe('placing a step added from the palette', () => {
  it('starts a new canvas at the left, then grows right of the selection, avoiding overlaps', () => {
    let doc = emptyCanvas('c', 'C');
    expect(placeForNew(doc, undefined)).toEqual({ x: 0, y: 0 });
    doc = addStepPlaced(doc, 'message', undefined).doc;
    expect(placeForNew(doc, 'message_1')).toEqual({ x: 320, y: 0 });
    doc = addStepPlaced(doc, 'action_paths', 'message_1').doc;
    expect(placeForNew(doc, 'message_1')).toEqual({ x: 320, y: 170 });
    expect(placeForNew(doc, undefined)).toEqual({ x: 1280, y: 0 });
    expect(doc.ui?.positions).toEqual({
      done: { x: 960, y: 320 },
      message_1: { x: 0, y: 0 },
      action_paths_1: { x: 320, y: 0 },
    });
  });
});

describe('deleting from the graph', () => {
  const doc = withSteps([
    { id: 'ask', type: 'message', whatsapp: { text: 'Hi' }, next: 'wait' },
    { id: 'wait', type: 'delay', for: '1h', next: 'done' },
    { id: 'done', type: 'exit' },
  ]);

  it('removes steps and edges in one edit, never the entry', () => {
    const out = deleteFromGraph(
      doc,
      ['done', ENTRY_NODE_ID],
      [edgeId('ask', 'next'), edgeId('wait', 'next'), edgeId(ENTRY_NODE_ID, 'start')],
    );
    expect(out.steps).toEqual([
      { id: 'ask', type: 'message', whatsapp: { text: 'Hi' } },
      { id: 'wait', type: 'delay', for: '1h' },
    ]);
  });

  it('a connection that is already there is no edit', () => {
    expect(connect(doc, 'ask', 'next', 'wait')).toBe(doc);
    expect(connect(doc, 'done', 'next', undefined)).toBe(doc);
  });
});
