/**
 * Reading a synced template: what a send must give it (body and header parameters, the
 * header's format) and which quick-reply buttons it has, by their send-time `index`.
 * The engine's `inspect` and the send path both use these, so they read one definition.
 */
import type { TemplateComponentDef } from './template-types.js';
import { variableNames, type ParameterFormat } from './template-variables.js';

/** The part of a template these helpers read (a TemplateInfo or a TemplateDefinition). */
export interface TemplateShape {
  parameter_format?: string | undefined;
  components: readonly TemplateComponentDef[];
}

export interface QuickReplyButton {
  /** Position among *all* the template's buttons: the `index` of the send's button component. */
  index: number;
  /** The label, which is also what the webhook's `button.text` carries. */
  text: string;
}

export interface TemplateParameters {
  format: ParameterFormat;
  /** Distinct variables: what a send must give. */
  count: number;
  /** In order of first use: `["1","2"]` or `["first_name","order_id"]`. */
  names: string[];
}

const component = (t: TemplateShape, type: string) =>
  t.components.find((c) => c.type.toUpperCase() === type);

function formatOf(t: TemplateShape): ParameterFormat {
  return t.parameter_format?.toLowerCase() === 'named' ? 'named' : 'positional';
}

function parametersOf(t: TemplateShape, text: string | undefined): TemplateParameters {
  const names = variableNames(text ?? '');
  return { format: formatOf(t), count: names.length, names };
}

/** Quick-reply buttons with their send-time index, in order. */
export function quickReplyButtons(t: TemplateShape): QuickReplyButton[] {
  const buttons = component(t, 'BUTTONS')?.buttons ?? [];
  return buttons.flatMap((b, index) =>
    b.type.toUpperCase() === 'QUICK_REPLY' && b.text !== undefined ? [{ index, text: b.text }] : [],
  );
}

/** Just the labels, e.g. `["YES", "NO", "TALK TO SUPPORT"]`. */
export function quickReplyLabels(t: TemplateShape): string[] {
  return quickReplyButtons(t).map((b) => b.text);
}

export function bodyParameters(t: TemplateShape): TemplateParameters {
  return parametersOf(t, component(t, 'BODY')?.text);
}

/** A TEXT header's parameters (zero or one); media headers take a media parameter instead. */
export function headerParameters(t: TemplateShape): TemplateParameters {
  const header = component(t, 'HEADER');
  return parametersOf(t, headerFormat(t) === 'TEXT' ? header?.text : undefined);
}

/** TEXT, IMAGE, VIDEO, DOCUMENT, GIF, LOCATION, or undefined without a header. */
export function headerFormat(t: TemplateShape): string | undefined {
  return component(t, 'HEADER')?.format?.toUpperCase();
}
