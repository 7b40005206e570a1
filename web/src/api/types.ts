/**
 * Shapes of the native API's answers (docs/native-api.md). Canvas documents are not
 * described here: they are the schema's own `Canvas` type, checked with `validateCanvas`
 * where they come in.
 */
import type { CanvasIssue } from '../../../src/canvas/issues';

export interface SessionInfo {
  user: { email: string } | null;
  csrfToken: string;
  setupNeeded?: boolean;
}

export type CanvasStatus = 'draft' | 'live' | 'stopped' | 'archived';

export interface CanvasSummary {
  id: string;
  name: string;
  status: CanvasStatus;
  liveVersion: number | null;
  entries: number;
  updatedAt: number | string;
}

export interface CanvasDetail {
  id: string;
  name: string;
  status: CanvasStatus;
  liveVersion: number | null;
  /** The stored document; validated on arrival. */
  draft: unknown;
  yaml: string;
  issues: CanvasIssue[];
  updatedAt: number | string;
}

export interface CanvasVersion {
  version: number;
  publishedAt: number | string;
}

export interface StepAnalytics {
  entered: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  aborted: number;
  skipped: number;
  timedOut: number;
  replies: Record<string, number>;
  groups: Record<string, number>;
  everyoneElse: number;
  waiting: number;
  timeToReply?: Array<{ upToSeconds: number; count: number }>;
}

/** A broadcast or audience job (GET /api/v1/broadcasts). */
export interface Broadcast {
  id: string;
  kind: 'enter' | 'send';
  dispatchId: string;
  /** A send's Braze send_id (a tracking id), if it was given one. */
  sendId: string | null;
  canvasId: string | null;
  audience: unknown;
  state: 'running' | 'done' | 'cancelled';
  queued: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface CanvasAnalytics {
  from: number;
  to: number;
  entries: number;
  steps: Record<string, StepAnalytics>;
}

export interface Contact {
  id: string;
  externalId?: string | null;
  phone?: string | null;
  userId?: string | null;
  attributes: Record<string, unknown>;
  timeZone?: string | null;
  subscriptions?: unknown;
  lastInboundAt?: number | string | null;
}

export type TimelineItem =
  | {
      type: 'message';
      at: number;
      direction: 'in' | 'out';
      text: string;
      buttons: string[];
      tapped?: number;
      status?: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
      canvasId?: string;
      stepId?: string;
      wamid?: string;
    }
  | {
      type: 'step';
      at: number;
      canvasId: string;
      journeyId: string;
      stepId: string;
      branch?: string;
    }
  | { type: 'event'; at: number; name: string; properties: Record<string, unknown> };

/** A virtual phone of the emulator (snake_case, as the emulator answers). */
export interface SimPhone {
  key: string;
  phone?: string;
  wa_id?: string;
  user_id?: string;
  name?: string;
  online?: boolean;
}

/** One message of a simulator chat; `content` depends on the type and direction. */
export interface SimMessage {
  id: string;
  direction: 'outbound' | 'inbound';
  at: string | number;
  type: string;
  content: Record<string, unknown>;
  status: string;
  tapped?: { index: number; title: string; payload?: string; id?: string };
  context?: { message_id: string };
}

export interface TemplateIssue {
  path: string;
  message: string;
}

/** What the analytics view draws on one node: the counts and the labels of the buttons. */
export interface NodeAnalytics {
  stats: StepAnalytics;
  /** Quick-reply labels by index for the replies this step counts (may be empty). */
  buttons: string[];
}
