/**
 * The store's error catalog. Each error has a stable `code` so callers (the API, the CLI)
 * can map it to a status or a message without parsing text. Messages are written for the
 * person who set the value, never a stack trace.
 */

export type StoreErrorCode =
  | 'STORE_BAD_URL'
  | 'STORE_BAD_INPUT'
  | 'STORE_CONFLICT'
  | 'STORE_NOT_FOUND'
  | 'STORE_MIGRATION_FAILED';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** The database setting (`DATABASE_URL`) names no database we support. */
export class StoreUrlError extends StoreError {
  constructor(message: string) {
    super('STORE_BAD_URL', message);
    this.name = 'StoreUrlError';
  }
}

/** A caller passed a value the store refuses (checked before anything is written). */
export class StoreInputError extends StoreError {
  constructor(message: string) {
    super('STORE_BAD_INPUT', message);
    this.name = 'StoreInputError';
  }
}

/** A write lost a race: a unique name is taken, or a row changed since it was read. */
export class StoreConflictError extends StoreError {
  constructor(message: string) {
    super('STORE_CONFLICT', message);
    this.name = 'StoreConflictError';
  }
}

export class StoreNotFoundError extends StoreError {
  constructor(message: string) {
    super('STORE_NOT_FOUND', message);
    this.name = 'StoreNotFoundError';
  }
}
