import { describe, expect, it } from 'vitest';
import { compileFast } from './liquid-fast.js';
import { render, renderWithLiquidjs } from './liquid.js';

// The fast path must agree with liquidjs exactly; anything it cannot do it hands over.
const templates = [
  'plain text',
  'Hi {{ user.first_name }}!',
  "Hi {{ user.first_name | default: 'there' }}",
  "{{ user.missing | default: 'there' }}",
  '{{ user.missing | default: 42 }}',
  "{{ user.empty | default: 'was empty' }}",
  "{{ user.zero | default: 'zero is a value' }}",
  "{{ user.no | default: 'false is empty' }}",
  '{{ user.nil }}',
  '{{ user.count }} items, {{ user.price }} each, vip: {{ user.vip }}',
  '{{ user.first_name | upcase }} {{ user.first_name | downcase }} [{{ user.padded | strip }}]',
  "{{ user.missing | default: 'x' | upcase }}",
  '{{ user.missing }}',
  '{{ user.first_name.nested }}',
  '{{ user.missing | upcase }}',
  '{{ whats_app.inbound_message_body }}',
  '{{user.first_name}}{{user.first_name}}',
  // Outside the fast subset: handed to liquidjs.
  '{% if user.vip %}VIP{% else %}regular{% endif %}',
  '{{ user.tags }}',
  '{{ user.first_name | append: "!" }}',
  '{{- user.first_name -}}',
];
const scope = {
  user: {
    first_name: 'Ana',
    empty: '',
    zero: 0,
    no: false,
    nil: null,
    count: 3,
    price: 9.5,
    vip: true,
    padded: '  x  ',
    tags: ['a', 'b'],
  },
  whats_app: { inbound_message_body: '{{ user.first_name }} is typed text' },
};

describe('the Liquid fast path', () => {
  for (const source of templates) {
    for (const mode of ['strict', 'lenient'] as const) {
      it(`${mode}: ${source}`, () => {
        expect(render(source, scope, mode)).toEqual(renderWithLiquidjs(source, scope, mode));
      });
    }
  }

  it('covers the common templates and declines the rest', () => {
    expect(compileFast("Hi {{ user.first_name | default: 'there' }}")).not.toBeNull();
    expect(compileFast('{% if a %}x{% endif %}')).toBeNull();
    expect(compileFast('{{ a | append: "b" }}')).toBeNull();
  });
});
