/**
 * The dashboard's session (setup of the first user, sign-in, the cookie, CSRF on writes,
 * sign-out), API keys (secret once, hashed, scoped, revocable), business numbers, and the
 * phone simulator passthrough (and its 404 against real Meta).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/store/secrets.js';
import { harness, refusal, type Harness } from './harness.js';

describe('sessions, keys, numbers, simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => h.close());

  const anonymous = { authorization: '' };
  /** A call without the API key: as the dashboard makes it, with its cookie and CSRF token. */
  const asBrowser = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => h.call(method, url, body, { ...anonymous, ...headers });
  const setUp = (email: string, password: string) =>
    asBrowser('POST', '/api/v1/setup', { email, password });
  const signIn = (email: string, password: string) =>
    asBrowser('POST', '/api/v1/session', { email, password });
  const cookieOf = (headers: Record<string, unknown>) =>
    String(headers['set-cookie']).split(';')[0] ?? '';

  it('sets up the first user once, signs in with a cookie and needs the CSRF token on writes', async () => {
    const before = await asBrowser('GET', '/api/v1/session');
    expect(before.body).toEqual({ user: null, csrfToken: '', setupNeeded: true });
    const setup = await setUp('Ops@Example.com', 'correct horse');
    expect(setup.status).toBe(200);
    expect(setup.body).toEqual({
      user: { email: 'ops@example.com' },
      csrfToken: expect.any(String),
    });
    expect(String(setup.headers['set-cookie'])).toMatch(
      /^riposte_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/,
    );
    const again = await setUp('x@y.z', 'another one');
    expect(refusal(again, 409)).toEqual({
      code: 'setup_done',
      message: 'a user exists already; sign in instead',
    });

    const wrong = await signIn('ops@example.com', 'nope nope');
    expect(refusal(wrong, 401)).toEqual({
      code: 'bad_credentials',
      message: 'wrong email or password',
    });
    const signedIn = await signIn('ops@example.com', 'correct horse');
    const cookie = cookieOf(signedIn.headers);
    const csrf = String(signedIn.body.csrfToken);
    const session = await asBrowser('GET', '/api/v1/session', undefined, { cookie });
    expect(session.body).toEqual({
      user: { email: 'ops@example.com' },
      csrfToken: csrf,
      setupNeeded: false,
    });
    expect((await asBrowser('GET', '/api/v1/canvases', undefined, { cookie })).status).toBe(200);
    const noToken = await asBrowser(
      'POST',
      '/api/v1/keys',
      { name: 'ci', scopes: ['native'] },
      { cookie },
    );
    expect(refusal(noToken, 403)).toEqual({
      code: 'csrf_token_invalid',
      message: 'the x-csrf-token header is missing or wrong',
      hint: 'read csrfToken from GET /api/v1/session and send it on every write',
    });
    const withToken = await asBrowser(
      'POST',
      '/api/v1/keys',
      { name: 'ci', scopes: ['native'] },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(withToken.status).toBe(201);
    const out = await asBrowser('DELETE', '/api/v1/session', undefined, {
      cookie,
      'x-csrf-token': csrf,
    });
    expect(out.status).toBe(204);
    expect((await asBrowser('GET', '/api/v1/canvases', undefined, { cookie })).status).toBe(401);
  });

  it('refuses a short password at setup, creating no user', async () => {
    const r = await setUp('a@b.c', 'short');
    expect(refusal(r, 400)).toEqual({
      code: 'invalid_field',
      message: 'a password needs at least 8 characters',
      field: 'password',
    });
    expect(await h.riposte.store.users.list()).toEqual([]);
  });

  it('creates a key whose secret is shown once and stored hashed, then revokes it', async () => {
    const created = await h.call('POST', '/api/v1/keys', {
      name: 'braze webhook',
      scopes: ['users.track', 'users.track'],
    });
    expect(created.status).toBe(201);
    const secret = String(created.body.secret);
    const key = created.body.key as { id: string; prefix: string };
    expect(created.body.key).toEqual({
      id: expect.any(String),
      name: 'braze webhook',
      prefix: secret.slice(3, 15),
      scopes: ['users.track'],
      createdAt: expect.any(Number),
      revokedAt: null,
      lastUsedAt: null,
    });
    const row = await h.riposte.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(row.hash).toBe(sha256(secret));
    expect(JSON.stringify(await h.call('GET', '/api/v1/keys'))).not.toContain(secret);
    const use = () =>
      h.call(
        'POST',
        '/users/track',
        { attributes: [{ external_id: 'k' }] },
        { authorization: `Bearer ${secret}` },
      );
    expect((await use()).status).toBe(201);
    expect((await h.call('DELETE', `/api/v1/keys/${key.id}`)).status).toBe(204);
    expect((await use()).status).toBe(401);
    const again = await h.call('DELETE', `/api/v1/keys/${key.id}`);
    expect(again.status).toBe(404);
    const badScope = await h.call('POST', '/api/v1/keys', { name: 'x', scopes: ['users.trak'] });
    expect(refusal(badScope, 400)).toMatchObject({
      code: 'invalid_field',
      field: 'scopes[0]',
    });
  });

  it('lists the emulated business number', async () => {
    expect((await h.call('GET', '/api/v1/numbers')).body).toEqual({
      numbers: [
        {
          id: 'main',
          phoneNumberId: '106540352242922',
          displayPhoneNumber: '15550783881',
          wabaId: '102290129340398',
          throughput: 80,
          emulated: true,
          paused: false,
        },
      ],
    });
  });

  it('passes the phone simulator through to the emulator', async () => {
    const created = await h.call('POST', '/api/v1/simulator/phones', {
      phone: '+15557654321',
      name: 'Sim',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ phone: '+15557654321', name: 'Sim' });
    const list = await h.call('GET', '/api/v1/simulator/phones');
    expect((list.body.data as Array<{ phone: string }>).map((p) => p.phone)).toEqual([
      '+15557654321',
    ]);
    const typed = await h.call('POST', '/api/v1/simulator/phones/%2B15557654321/messages', {
      text: 'hello',
    });
    expect(typed.status).toBe(201);
    const chat = await h.call('GET', '/api/v1/simulator/phones/%2B15557654321/chat');
    expect((chat.body.messages as Array<{ direction: string }>).map((m) => m.direction)).toEqual([
      'inbound',
    ]);
    const missing = await h.call('GET', '/api/v1/simulator/phones/%2B15550000000/chat');
    expect(refusal(missing, 404)).toEqual({
      code: 'simulator_error',
      message: 'No virtual phone +15550000000.',
    });
  });
});

describe('the simulator against real Meta', () => {
  it('answers 404 no_emulator', async () => {
    const h = await harness({
      numbers: [
        {
          id: 'main',
          phoneNumberId: '1234',
          wabaId: '5678',
          displayPhoneNumber: '15550001111',
          accessToken: 'token',
          appSecret: 'secret',
          verifyToken: 'verify',
          graphBaseUrl: 'http://127.0.0.1:9',
        },
      ],
    });
    try {
      const r = await h.call('GET', '/api/v1/simulator/phones');
      expect(refusal(r, 404)).toEqual({
        code: 'no_emulator',
        message:
          'the phone simulator exists only with the embedded emulator (no WhatsApp credentials set)',
      });
    } finally {
      await h.close();
    }
  });
});
