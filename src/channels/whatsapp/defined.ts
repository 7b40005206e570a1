/**
 * Objects without their undefined fields: events and errors then compare, print and
 * serialize the same way whether a field was absent or explicitly undefined.
 */

export type Defined<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** `value` minus its undefined fields. The overload states what the loop does. */
export function defined<T extends object>(value: T): Defined<T>;
export function defined(value: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out;
}
