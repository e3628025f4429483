import type { PageAfter } from './ports.ts';

/** Opaque page cursor: base64url of `<createdAt ms>|<id>`. */
export function encodeCursor(row: { readonly createdAt: Date; readonly id: string }): string {
  return Buffer.from(`${row.createdAt.getTime()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PageAfter | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar <= 0) return undefined;
  const ms = Number(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (!Number.isSafeInteger(ms) || id.length === 0 || id.length > 64) return undefined;
  return { createdAt: new Date(ms), id };
}
