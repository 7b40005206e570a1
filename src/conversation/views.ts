/**
 * What a sent message looks like to a test author: the template and its rendered
 * parameters, or the text, or the interactive body and button titles.
 */
import type { SentMessage } from './simulator.js';

export interface SentView {
  canvas: string;
  step: string;
  template?: string;
  language?: string;
  header?: string[];
  body?: string[] | Record<string, string>;
  text?: string;
  interactive?: string;
  buttons?: string[];
  reply_to?: string;
}

export function viewOf(message: SentMessage): SentView {
  const b = message.body;
  const base = {
    canvas: message.canvasId,
    step: message.stepId,
    ...(b.context ? { reply_to: b.context.message_id } : {}),
  };
  if (b.type === 'text') return { ...base, text: b.text.body };
  if (b.type === 'interactive') {
    return { ...base, interactive: b.interactive.body.text, buttons: message.buttons };
  }
  const header = b.template.components.find((c) => c.type === 'header');
  const body = b.template.components.find((c) => c.type === 'body');
  const params = body?.parameters ?? [];
  const named = params.some((p) => p.parameter_name !== undefined);
  return {
    ...base,
    template: b.template.name,
    language: b.template.language.code,
    ...(header
      ? {
          header: header.parameters.map((p) =>
            'text' in p && typeof p.text === 'string' ? p.text : JSON.stringify(p),
          ),
        }
      : {}),
    body: named
      ? Object.fromEntries(params.map((p) => [p.parameter_name ?? '', p.text]))
      : params.map((p) => p.text),
    ...(message.buttons.length > 0 ? { buttons: message.buttons } : {}),
  };
}
