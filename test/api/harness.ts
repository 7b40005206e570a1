/**
 * A Riposte for route tests: a real SQLite database (in memory), the embedded emulator
 * with the example templates approved, every route registered, driven by `app.inject()`.
 * The runner is not started; tests call `settle()` to process what was made durable, so
 * nothing depends on timing.
 */
import { validateCanvasText } from '../../src/canvas/validate.js';
import { SCOPES, type Scope } from '../../src/api/auth/scopes.js';
import {
  createRiposte,
  EMULATED_NUMBER,
  type Riposte,
  type RiposteOptions,
} from '../../src/server/riposte.js';
import { seedCanvasText, seedTemplates } from '../helpers.js';

export interface Harness {
  riposte: Riposte;
  /** A key with every scope. */
  key: string;
  keyWith(scopes: Scope[]): Promise<string>;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    headers: Record<string, unknown>;
    text: string;
  }>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(options: Partial<RiposteOptions> = {}): Promise<Harness> {
  const riposte = await createRiposte({
    databaseUrl: 'sqlite::memory:',
    ...options,
    emulator: {
      templates: seedTemplates().map((t) => ({ ...t, status: 'APPROVED' as const })),
      ...options.emulator,
    },
  });
  const keyWith = async (scopes: Scope[]) =>
    (await riposte.store.apiKeys.create(`test ${scopes.join(' ')}`, scopes)).key;
  const key = await keyWith([...SCOPES]);
  return {
    riposte,
    key,
    keyWith,
    async call(method, url, body, headers = {}) {
      const isText = typeof body === 'string';
      const response = await riposte.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined
            ? { 'content-type': isText ? 'application/yaml' : 'application/json' }
            : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: isText ? body : JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        parsed = {};
      }
      return { status: response.statusCode, body: parsed, headers: response.headers, text };
    },
    async settle() {
      await riposte.runner.settle();
    },
    close: () => riposte.stop(),
  };
}

/** The example templates into the store, as a sync would put them. */
export async function seedTemplatesInStore(riposte: Riposte): Promise<void> {
  await riposte.store.templates.upsertMany(
    seedTemplates().map((t) => ({
      wabaId: EMULATED_NUMBER.wabaId,
      name: t.name,
      language: t.language,
      id: null,
      status: t.status,
      category: t.category,
      parameterFormat: t.parameter_format.toUpperCase(),
      components: t.components,
      qualityScore: null,
      rejectedReason: null,
    })),
  );
  riposte.runner.catalog.invalidate();
}

/** The seed canvas, created and published (its CRM webhook pointed at `crmUrl`). */
export async function publishSeedCanvas(
  riposte: Riposte,
  crmUrl = 'http://127.0.0.1:9/hook',
): Promise<void> {
  const parsed = validateCanvasText(seedCanvasText(crmUrl));
  if (!parsed.ok) throw new Error('seed canvas invalid');
  await riposte.store.canvases.create('order-feedback', {
    name: parsed.canvas.name,
    draft: parsed.canvas,
  });
  await riposte.store.canvases.publish('order-feedback', parsed.canvas);
  riposte.runner.catalog.invalidate();
}
