/**
 * A part of a step that is richer than a form (a condition, a JSON body, a schedule),
 * edited as YAML. The text is the author's until it parses and passes `check`; only then
 * is the document changed, so a half-typed condition never breaks the canvas.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';

export type Check<T> = (raw: unknown) => { ok: true; value: T } | { ok: false; message: string };

/** A check from a zod schema of the canvas package. */
export function bySchema<T>(schema: z.ZodType<T>): Check<T> {
  return (raw) => {
    const result = schema.safeParse(raw);
    return result.success
      ? { ok: true, value: result.data }
      : { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
  };
}

function toText(value: unknown): string {
  return value === undefined || value === null ? '' : stringify(value, { lineWidth: 0 }).trimEnd();
}

/** Whether the author's text already says what the document holds (then keep their layout). */
function says(text: string, valueText: string): boolean {
  try {
    return toText(parse(text)) === valueText;
  } catch {
    return false;
  }
}

export function YamlField<T>({
  label,
  value,
  check,
  onChange,
  hint,
  testId,
  optional = false,
}: {
  label: string;
  /** What the document holds now (shown as YAML). */
  value: unknown;
  check: Check<T>;
  onChange: (value: T | undefined) => void;
  hint?: string;
  testId?: string;
  /** Empty text means "leave it out". */
  optional?: boolean;
}) {
  const valueText = toText(value);
  const [text, setText] = useState(valueText);
  const [error, setError] = useState<string>();
  const textRef = useRef(text);
  textRef.current = text;
  const id = useId();

  // Follow changes from elsewhere (undo, the YAML tab), not the echo of our own edits.
  useEffect(() => {
    if (!says(textRef.current, valueText)) {
      setText(valueText);
      setError(undefined);
    }
  }, [valueText]);

  const change = (next: string) => {
    setText(next);
    if (optional && next.trim() === '') {
      setError(undefined);
      onChange(undefined);
      return;
    }
    let raw: unknown;
    try {
      raw = parse(next);
    } catch (err) {
      setError(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err));
      return;
    }
    const result = check(raw);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(undefined);
    onChange(result.value);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={Math.min(10, Math.max(3, text.split('\n').length + 1))}
        value={text}
        spellCheck={false}
        onChange={(e) => change(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={error || hint ? `${id}-help` : undefined}
        data-testid={testId}
      />
      {(error ?? hint) && (
        <p id={`${id}-help`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}
