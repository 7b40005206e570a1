/**
 * The WhatsApp Cloud API emulator: public surface.
 */
export { createEmulator, type Emulator } from './emulator.js';
export { startEmulator, type RunningEmulator, type StartOptions } from './start.js';
export {
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_APP_SECRET,
  DEFAULT_BUSINESS_NUMBER,
  type BusinessNumberOptions,
  type DeliveryOptions,
  type EmulatorOptions,
  type TemplateReviewOptions,
  type WebhookOptions,
} from './options.js';
export { createManualClock, realClock, type Clock, type ManualClock } from './clock.js';
export { seededRandom, type Random } from './ids.js';
export { hubSignature, metaJson } from './meta-json.js';
export { META_ERRORS, type MetaErrorCode } from './errors.js';
export type { FaultSettings, FaultInput } from './faults.js';
export type { SeedTemplate, TemplateStatus } from './templates-store.js';
export type { IdentityMode } from './phones.js';
export type { Delivery } from './webhook-dispatcher.js';
