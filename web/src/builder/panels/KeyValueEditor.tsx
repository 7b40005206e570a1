/**
 * Rows of name → value (profile attributes to set, webhook headers). Values are text; an
 * empty name row is kept while the author types and left out of the document.
 */
import { useEffect, useRef, useState } from 'react';

type Row = { key: string; value: string };

const toRows = (record: Record<string, string>): Row[] =>
  Object.entries(record).map(([key, value]) => ({ key, value }));

export function KeyValueEditor({
  legend,
  value,
  onChange,
  keyLabel = 'Name',
  valueLabel = 'Value',
  testId,
}: {
  legend: string;
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
  keyLabel?: string;
  valueLabel?: string;
  testId: string;
}) {
  const [rows, setRows] = useState<Row[]>(() => toRows(value));
  const lastSent = useRef(value);

  useEffect(() => {
    if (value !== lastSent.current) {
      setRows(toRows(value));
      lastSent.current = value;
    }
  }, [value]);

  const update = (next: Row[]) => {
    setRows(next);
    const record: Record<string, string> = {};
    for (const row of next) if (row.key.trim() !== '') record[row.key.trim()] = row.value;
    lastSent.current = record;
    onChange(record);
  };

  return (
    <fieldset className="kv" data-testid={testId}>
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div className="kv-row" key={i}>
          <label>
            <span className="visually-hidden">
              {keyLabel} {i + 1}
            </span>
            <input
              placeholder={keyLabel}
              value={row.key}
              onChange={(e) =>
                update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))
              }
              data-testid={`${testId}-key-${i}`}
            />
          </label>
          <label>
            <span className="visually-hidden">
              {valueLabel} {i + 1}
            </span>
            <input
              placeholder={valueLabel}
              value={row.value}
              onChange={(e) =>
                update(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
              }
              data-testid={`${testId}-value-${i}`}
            />
          </label>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${row.key || `row ${i + 1}`}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => setRows([...rows, { key: '', value: '' }])}
        data-testid={`${testId}-add`}
      >
        Add
      </button>
    </fieldset>
  );
}
