/**
 * Opaque keyset page cursors: the sort key of a page's last row as base64url JSON. Each
 * caller checks the decoded shape against its own key and words its own refusal.
 */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, or undefined when the text is not one of ours at all. */
export function decodeCursor(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
