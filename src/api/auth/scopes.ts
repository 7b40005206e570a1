/**
 * What an API key may do: Braze's per-endpoint permissions (same names, so a key made for a
 * Braze-to-Braze webhook reads the same here), plus `native` for the /api/v1 API.
 */
export const BRAZE_SCOPES = [
  'users.track',
  'users.export.ids',
  'users.delete',
  'canvas.trigger.send',
  'canvas.list',
  'canvas.details',
  'canvas.data_summary',
  'canvas.data_series',
  'messages.send',
  'subscription.status.set',
  'subscription.status.get',
] as const;

export const SCOPES = [...BRAZE_SCOPES, 'native'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
