/**
 * Dashboard users and their sessions. Emails are compared lower-cased; passwords are
 * scrypt hashes; a session is known by the SHA-256 of its cookie value, so a leaked
 * database does not leak live sessions.
 */
import type { RepoContext } from '../context.js';
import { StoreConflictError, StoreInputError } from '../errors.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../secrets.js';

export interface UserRecord {
  id: string;
  email: string;
  createdAt: number;
}

export interface SessionRecord {
  userId: string;
  email: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

const MIN_PASSWORD_LENGTH = 8;

export class Users {
  constructor(private readonly ctx: RepoContext) {}

  async create(email: string, password: string): Promise<UserRecord> {
    const normalized = email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(normalized)) {
      throw new StoreInputError(`"${email}" is not an email address`);
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new StoreInputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const row = {
      id: this.ctx.newId(),
      email: normalized,
      password_hash: await hashPassword(password),
      created_at: this.ctx.now(),
    };
    const inserted = await this.ctx.db
      .insertInto('users')
      .values(row)
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined)
      throw new StoreConflictError(`a user with email ${normalized} exists`);
    return { id: row.id, email: row.email, createdAt: row.created_at };
  }

  /** The user if the email and password match. */
  async authenticate(email: string, password: string): Promise<UserRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    if (row === undefined || !(await verifyPassword(password, row.password_hash))) return undefined;
    return { id: row.id, email: row.email, createdAt: row.created_at };
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'created_at'])
      .orderBy('email')
      .execute();
    return rows.map((r) => ({ id: r.id, email: r.email, createdAt: r.created_at }));
  }

  async setPassword(userId: string, password: string): Promise<boolean> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new StoreInputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const result = await this.ctx.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes the user and (foreign key cascade) their sessions. */
  async delete(userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('users')
      .where('id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

export class Sessions {
  constructor(private readonly ctx: RepoContext) {}

  /** Opens a session; `sessionId` goes in the cookie and is not stored. */
  async create(
    userId: string,
    ttlMs: number,
  ): Promise<{ sessionId: string; session: SessionRecord }> {
    const sessionId = randomToken();
    const now = this.ctx.now();
    const row = {
      id_hash: sha256(sessionId),
      user_id: userId,
      csrf_token: randomToken(),
      created_at: now,
      expires_at: now + ttlMs,
    };
    await this.ctx.db.insertInto('sessions').values(row).execute();
    const user = await this.ctx.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return {
      sessionId,
      session: {
        userId,
        email: user.email,
        csrfToken: row.csrf_token,
        createdAt: now,
        expiresAt: row.expires_at,
      },
    };
  }

  /** The live session behind a cookie value, or undefined (unknown or expired). */
  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.user_id',
        'users.email',
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.expires_at',
      ])
      .where('sessions.id_hash', '=', sha256(sessionId))
      .where('sessions.expires_at', '>', this.ctx.now())
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      userId: row.user_id,
      email: row.email,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async delete(sessionId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('id_hash', '=', sha256(sessionId))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async pruneExpired(now: number = this.ctx.now()): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
