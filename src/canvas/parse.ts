/**
 * Reading canvas text (YAML or JSON — JSON is YAML) into a plain value, keeping enough of
 * the source to point at line and column when something is wrong.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { CanvasIssue, PathSegment } from './issues.js';

export interface SourceMap {
  /** 1-based line and column of the value at a path, or of its nearest existing parent. */
  locate(path: readonly PathSegment[]): { line: number; column: number } | undefined;
}

export type ParseResult =
  { ok: true; value: unknown; source: SourceMap } | { ok: false; issues: CanvasIssue[] };

export function parseCanvasText(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((err) => {
        const pos = err.linePos?.[0];
        return {
          severity: 'error' as const,
          code: 'syntax',
          path: '',
          message: firstLine(err.message),
          ...(pos ? { line: pos.line, column: pos.col } : {}),
        };
      }),
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), source: sourceMap(doc, lineCounter) };
}

function sourceMap(doc: Document, lineCounter: LineCounter): SourceMap {
  return {
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const pos = lineCounter.linePos(node.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return undefined;
    },
  };
}

/** yaml's messages carry a source excerpt after the first line; we give line/column instead. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
