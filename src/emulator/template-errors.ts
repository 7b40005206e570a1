/**
 * Template-management refusals. Graph reports them as code 100 "Invalid parameter", with an
 * `error_subcode` in the 2388xxx range when Meta has one for the case, and the human text in
 * `error_user_title` / `error_user_msg` (what WhatsApp Manager shows).
 */
import { GraphError } from './errors.js';

export const TEMPLATE_SUBCODES = {
  countLimit: 2388019,
  beingDeleted: 2388023,
  alreadyExists: 2388024,
  characterLimit: 2388040,
  headerFormat: 2388047,
  bodyFormat: 2388072,
  footerFormat: 2388073,
  tooManyVariables: 2388293,
  leadingOrTrailingVariable: 2388299,
} as const;

/** A 2388xxx refusal. */
export function templateError(
  subcode: (typeof TEMPLATE_SUBCODES)[keyof typeof TEMPLATE_SUBCODES],
  title: string,
  message: string,
): GraphError {
  return new GraphError(100, message, {
    message: 'Invalid parameter',
    error_subcode: subcode,
    error_user_title: title,
    error_user_msg: message,
  });
}

/** A refusal Meta has no specific subcode for (that we know of): plain code 100. */
export function invalidTemplate(message: string): GraphError {
  return new GraphError(100, message, {
    error_user_title: 'Invalid template',
    error_user_msg: message,
  });
}

export function characterLimit(what: string, max: number): GraphError {
  return templateError(
    TEMPLATE_SUBCODES.characterLimit,
    'Message template character limit exceeded',
    `The ${what} exceeds the ${max} character limit.`,
  );
}
