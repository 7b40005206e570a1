/**
 * Conditions on the person and the journey, shared by Decision Split, Audience Paths, entry
 * audiences and event property filters. Written as data, not as an expression language, so
 * the builder can draw them and inspect can check them:
 *
 *   { var: user.tier, equals: gold }
 *   { all: [ { var: user.orders, gte: 3 }, { not: { var: user.vip, exists: true } } ] }
 */
import { z } from 'zod';
import { strict } from './schema-kit.js';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

/** The comparison operators. One per predicate keeps a condition readable in YAML. */
export const OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'matches_regex',
  'includes',
] as const;
export type Operator = (typeof OPERATORS)[number];

const operatorShape = {
  equals: Scalar.optional(),
  not_equals: Scalar.optional(),
  in: z.array(Scalar).optional(),
  not_in: z.array(Scalar).optional(),
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
  exists: z.boolean().optional(),
  matches_regex: z.string().optional(),
  includes: Scalar.optional(),
};

function exactlyOneOperator(
  value: Record<string, unknown>,
  ctx: z.RefinementCtx,
  extra: string[] = [],
) {
  const present = [...OPERATORS, ...extra].filter((op) => value[op] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        present.length === 0
          ? `needs one operator: ${OPERATORS.join(', ')}`
          : `has ${present.length} operators (${present.join(', ')}); use one, or combine with all / any`,
    });
  }
}

/** A property filter: a plain value means equals; or one operator object. */
export const Predicate = z.union([
  Scalar,
  strict(operatorShape, 'operator').superRefine((v, ctx) => exactlyOneOperator(v, ctx)),
]);
export type Predicate = z.infer<typeof Predicate>;

/** Event property filters: `{ amount: { gt: 10 }, sku: "A1" }`. */
export const PropertyFilters = z.record(z.string(), Predicate);
export type PropertyFilters = z.infer<typeof PropertyFilters>;

export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  var?: string;
  equals?: Scalar;
  not_equals?: Scalar;
  in?: Scalar[];
  not_in?: Scalar[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  exists?: boolean;
  matches_regex?: string;
  includes?: Scalar;
}

/** Roots a condition's `var` may start with. */
export const CONDITION_ROOTS = [
  'user',
  'context',
  'canvas_entry_properties',
  'event_properties',
  'whats_app',
];

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  strict(
    {
      all: z.array(Condition).min(1).optional(),
      any: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
      var: z.string().optional(),
      ...operatorShape,
    },
    'condition key',
  ).superRefine((value, ctx) => {
    const combinators = (['all', 'any', 'not'] as const).filter((k) => value[k] !== undefined);
    if (combinators.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `use one of all / any / not per condition, not ${combinators.join(' and ')}`,
      });
      return;
    }
    if (combinators.length === 1) {
      const stray = Object.keys(value).filter((k) => k !== combinators[0]);
      if (stray.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${combinators[0]}" stands alone; move ${stray.join(', ')} into a nested condition`,
        });
      }
      return;
    }
    if (value.var === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs "var" (e.g. var: user.tier) or one of all / any / not',
      });
      return;
    }
    const root = value.var.split('.')[0] ?? '';
    if (!CONDITION_ROOTS.includes(root)) {
      ctx.addIssue({
        code: 'custom',
        path: ['var'],
        message: `"${value.var}" must start with one of: ${CONDITION_ROOTS.join(', ')}`,
      });
    }
    exactlyOneOperator(value, ctx);
  }),
);
