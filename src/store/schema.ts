/**
 * Row types of every table, as Kysely sees them. Names are the SQL names (snake_case) so
 * no name-mapping plugin runs on the hot paths; repositories map rows to domain objects.
 *
 * Conventions, the same on both databases:
 * - timestamps are integer epoch milliseconds (`bigint` on Postgres, read back as numbers);
 * - JSON columns are written and read as JSON text (`jsonb` on Postgres, `text` on SQLite;
 *   the Postgres driver is told to hand jsonb back unparsed so decoding is one code path).
 */
import type { ColumnType, Generated } from 'kysely';

/** JSON text. */
export type Json = string;
/** An auto-increment id: generated on insert, read as a number. */
export type AutoId = Generated<number>;

export interface ContactsTable {
  id: string;
  external_id: string | null;
  phone: string | null;
  wa_user_id: string | null;
  parent_user_id: string | null;
  profile_name: string | null;
  attributes: Json;
  time_zone: string | null;
  /** Lower-cased addresses and names, for `search` without dialect-specific LIKE rules. */
  search_text: string;
  created_at: number;
  updated_at: number;
}

export interface ContactNumbersTable {
  contact_id: string;
  number: string;
  subscription: 'subscribed' | 'unsubscribed' | null;
  last_inbound_at: number | null;
  updated_at: number;
}

export interface TemplatesTable {
  waba_id: string;
  name: string;
  language: string;
  id: string | null;
  status: string;
  category: string;
  parameter_format: string;
  components: Json;
  quality_score: string | null;
  rejected_reason: string | null;
  updated_at: number;
}

export interface CanvasesTable {
  id: string;
  name: string;
  status: 'draft' | 'live' | 'stopped' | 'archived';
  draft: Json;
  draft_source: string | null;
  live_version: number | null;
  /** Highest version published so far; publishing increments it under a row lock. */
  latest_version: number;
  created_at: number;
  updated_at: number;
}

export interface CanvasVersionsTable {
  canvas_id: string;
  version: number;
  definition: Json;
  published_at: number;
  published_by: string | null;
}

export interface JourneysTable {
  id: string;
  canvas_id: string;
  version: number;
  contact_id: string;
  status: 'active' | 'waiting' | 'ended';
  /** '' when the journey is on no step: a key column of a paging index is never null. */
  step_id: string;
  branch: string | null;
  state: Json;
  entered_at: number;
  updated_at: number;
  ended_at: number | null;
  row_version: number;
}

export interface JourneyHistoryTable {
  id: AutoId;
  journey_id: string;
  contact_id: string;
  canvas_id: string;
  step_id: string;
  branch: string | null;
  at: number;
}

export interface EntriesTable {
  canvas_id: string;
  contact_id: string;
  count: number;
  last_entered_at: number;
}

export interface InboxTable {
  id: AutoId;
  dedupe_key: string;
  partition: number;
  contact_id: string | null;
  kind: string;
  /** Emptied ('null') once done: only the dedupe key is kept. */
  payload: Json;
  received_at: number;
  state: 'pending' | 'claimed' | 'done';
  claimed_by: string | null;
  claim_until: number | null;
  done_at: number | null;
}

export interface TimersTable {
  key: string;
  journey_id: string;
  contact_id: string;
  partition: number;
  /** When the timer may next be claimed: the fire time, pushed forward while claimed. */
  due_at: number;
  /** The time the timer was set to fire. */
  fire_at: number;
  kind: string;
  attempts: ColumnType<number, number | undefined, number>;
}

/**
 * pending → claimed (a dispatcher holds it, nothing sent yet) → in_flight (the request is
 * leaving) → done | failed | ambiguous. Only in_flight can have reached the provider.
 */
export type OutboxState = 'pending' | 'claimed' | 'in_flight' | 'done' | 'failed' | 'ambiguous';

export interface OutboxTable {
  id: AutoId;
  key: string;
  journey_id: string | null;
  contact_id: string | null;
  partition: number;
  kind: string;
  number: string | null;
  payload: Json;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  result: Json | null;
  created_at: number;
  updated_at: number;
}

export interface MessageLogTable {
  id: AutoId;
  /** Outbound: the outbox key that sent it (known before Meta answers). */
  key: string | null;
  wamid: string | null;
  direction: 'out' | 'in';
  journey_id: string | null;
  canvas_id: string | null;
  version: number | null;
  step_id: string | null;
  visit: number | null;
  contact_id: string;
  number: string | null;
  kind: string;
  buttons: Json | null;
  tapped_button: number | null;
  preview: string;
  status: string | null;
  /** Order of `status`, so "only move forward" is one comparison in SQL. */
  status_rank: number;
  error_code: number | null;
  error_title: string | null;
  created_at: number;
  updated_at: number;
}

export interface MetricsTable {
  canvas_id: string;
  version: number;
  step_id: string;
  metric: string;
  /** '' when the metric has no label (a primary key column cannot be null). */
  label: string;
  hour: number;
  count: number;
}

export interface BroadcastsTable {
  id: string;
  /** `enter`: a canvas entry (/canvas/trigger/send); `send`: a message (/messages/send). */
  kind: 'enter' | 'send';
  /** What each person gets: the canvas and context, or the message and number. */
  payload: Json;
  /** The audience filter as given (null: everyone), compiled at `audience_at`. */
  audience: Json | null;
  audience_at: number;
  /** The contact page cursor to carry on from (null: from the start). */
  cursor: string | null;
  /** `cancelled`: stopped by someone before the walk ended (what was queued stays queued). */
  state: 'running' | 'done' | 'cancelled';
  /** People handed to the inbox so far (an entry may still be refused by the canvas). */
  queued: number;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  id: AutoId;
  contact_id: string;
  name: string;
  properties: Json;
  at: number;
}

export interface PartitionLeasesTable {
  partition: number;
  owner: string | null;
  lease_until: number;
}

export interface BusinessNumbersTable {
  id: string;
  phone_number_id: string;
  waba_id: string;
  display_phone_number: string;
  throughput: number | null;
  settings: Json;
  created_at: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: Json;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface Database {
  contacts: ContactsTable;
  contact_numbers: ContactNumbersTable;
  templates: TemplatesTable;
  canvases: CanvasesTable;
  canvas_versions: CanvasVersionsTable;
  journeys: JourneysTable;
  journey_history: JourneyHistoryTable;
  entries: EntriesTable;
  inbox: InboxTable;
  timers: TimersTable;
  outbox: OutboxTable;
  message_log: MessageLogTable;
  metrics: MetricsTable;
  events: EventsTable;
  partition_leases: PartitionLeasesTable;
  business_numbers: BusinessNumbersTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  broadcasts: BroadcastsTable;
}

/** Every table, in an order that respects foreign keys when emptying (children first). */
export const TABLES: ReadonlyArray<keyof Database> = [
  'contact_numbers',
  'contacts',
  'templates',
  'canvas_versions',
  'canvases',
  'journeys',
  'journey_history',
  'entries',
  'inbox',
  'timers',
  'outbox',
  'message_log',
  'metrics',
  'events',
  'partition_leases',
  'broadcasts',
  'business_numbers',
  'api_keys',
  'sessions',
  'users',
];
