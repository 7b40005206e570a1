/**
 * The durable store: one query builder (Kysely) over SQLite (embedded default) and
 * Postgres (several workers). See README.md beside this file.
 */
export { openStore, migrate, MIGRATION_NAMES } from './open.js';
export type { Store, StoreOptions } from './open.js';
export type { Repositories } from './repositories.js';
export type { StoreCapabilities, DialectName } from './dialect.js';
export {
  StoreError,
  StoreUrlError,
  StoreInputError,
  StoreConflictError,
  StoreNotFoundError,
} from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { parseStoreUrl, ACCEPTED_URLS } from './url.js';
export { newId, partitionOf } from './ids.js';
export { applyContactOps } from './contact-ops.js';
export { toTemplateInfo, placeholders } from './template-info.js';
export type { ContactRecord, ContactAddress } from './repos/contact-rows.js';
export type { AddressConflict, ResolveResult, ContactPage } from './repos/contacts.js';
export type { InboundSeen } from './repos/contact-numbers.js';
export type { TemplateRecord, TemplateInput, TemplateRef } from './repos/templates.js';
export type { CanvasRecord, CanvasStatus, CanvasVersion, DraftInput } from './repos/canvases.js';
export type { JourneyRecord, JourneyWrite, JourneyPage, StepCount } from './repos/journeys.js';
export type { StepTakenRecord, HistoryEntry } from './repos/history.js';
export type { EntryCount, EntryMade } from './repos/entries.js';
export { INBOX_DEDUPE_RETENTION_MS, INBOX_CLAIM_TTL_MS } from './repos/inbox.js';
export type { InboxEventInput, InboxEvent, EnqueueResult, ClaimLease } from './repos/inbox.js';
export { TIMER_CLAIM_TTL_MS } from './repos/timers.js';
export type { TimerInput, DueTimer } from './repos/timers.js';
export { OUTBOX_STATES } from './repos/outbox.js';
export type { OutboxInput, OutboxItem, OutboxClaim } from './repos/outbox.js';
export type { OutboxState } from './schema.js';
export { STATUS_RANK } from './repos/message-log.js';
export type {
  MessageInput,
  MessageRecord,
  MessageStatus,
  StatusUpdate,
  StatusTransition,
  StatusOutcome,
  FailureCount,
} from './repos/message-log.js';
export { HOUR_MS } from './repos/metrics.js';
export type { MetricIncrement, MetricTotal, MetricPoint, MetricRange } from './repos/metrics.js';
export type { ContactEvent, StoredEvent } from './repos/events.js';
export type { LeaseRequest, LeaseRow } from './repos/leases.js';
export type { BusinessNumber, BusinessNumberRecord } from './repos/business-numbers.js';
export type { ApiKeyRecord } from './repos/api-keys.js';
export type { UserRecord, SessionRecord } from './repos/users.js';
