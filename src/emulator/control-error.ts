/**
 * A refusal on the control API (the phone's side): answered `{error: {message}}` with the
 * given HTTP status. Graph-side refusals are GraphError (errors.ts).
 */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
