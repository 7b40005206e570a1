/**
 * The new-template form's state and how it becomes Meta's template shape, plus where each
 * server issue belongs: the form builds `components` itself, so it knows which component
 * index is the header, the body, the footer and the buttons.
 */
import { placeholders } from '../../../src/canvas/templates';

export interface TemplateDraft {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  header: string;
  body: string;
  /** Example values for the body placeholders, in order (Meta requires them). */
  examples: string[];
  footer: string;
  quickReplies: string[];
}

export type DraftField =
  'name' | 'language' | 'category' | 'header' | 'body' | 'examples' | 'footer' | 'buttons' | 'form';

export function emptyDraft(): TemplateDraft {
  return {
    name: '',
    language: 'en_US',
    category: 'UTILITY',
    header: '',
    body: '',
    examples: [],
    footer: '',
    quickReplies: [],
  };
}

interface Built {
  body: {
    name: string;
    language: string;
    category: string;
    parameter_format: 'positional';
    components: unknown[];
  };
  /** Component index → the form field it came from. */
  fields: DraftField[];
}

export function buildTemplate(draft: TemplateDraft): Built {
  const components: unknown[] = [];
  const fields: DraftField[] = [];
  if (draft.header.trim() !== '') {
    components.push({ type: 'HEADER', format: 'TEXT', text: draft.header });
    fields.push('header');
  }
  const params = placeholders(draft.body);
  components.push({
    type: 'BODY',
    text: draft.body,
    ...(params.length > 0
      ? { example: { body_text: [params.map((_, i) => draft.examples[i] ?? '')] } }
      : {}),
  });
  fields.push('body');
  if (draft.footer.trim() !== '') {
    components.push({ type: 'FOOTER', text: draft.footer });
    fields.push('footer');
  }
  const buttons = draft.quickReplies.filter((b) => b.trim() !== '');
  if (buttons.length > 0) {
    components.push({
      type: 'BUTTONS',
      buttons: buttons.map((text) => ({ type: 'QUICK_REPLY', text })),
    });
    fields.push('buttons');
  }
  return {
    body: {
      name: draft.name.trim(),
      language: draft.language.trim(),
      category: draft.category,
      parameter_format: 'positional',
      components,
    },
    fields,
  };
}

/** `components[1].example…` → `examples`, `components[0].text` → `header`, `name` → `name`. */
export function fieldOfIssue(path: string, fields: readonly DraftField[]): DraftField {
  const match = /^components\[(\d+)\](.*)$/.exec(path);
  if (match) {
    const field = fields[Number(match[1])] ?? 'form';
    return field === 'body' && (match[2] ?? '').includes('example') ? 'examples' : field;
  }
  const head = path.split(/[.[]/)[0] ?? '';
  if (head === 'name' || head === 'language' || head === 'category') return head;
  if (head === 'components') return 'body';
  return 'form';
}
