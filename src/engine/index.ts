/** The engine's public surface. */
export { step } from './step.js';
export { route, type CanvasOf } from './route.js';
export { decideEntry, triggerFits } from './entry.js';
export { applyContactOps } from './contact-ops.js';
export { decodeButtonToken, encodeButtonToken, callbackData } from './payload.js';
export { normalizeText } from './match.js';
export type * from './types.js';
export type * from './outbound.js';
export {
  processInput,
  type ProcessArgs,
  type ProcessResult,
  type CanvasEntry,
  type JourneyResult,
} from './process.js';
