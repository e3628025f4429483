import { decodePageCursor, encodePageCursor } from '@polymancer/core';
import type { PageAfter } from './query-store.ts';

/** Opaque page cursor: base64url of `<createdAt ms>|<id>` (the codec and its checks: core's `paging/cursor.ts`). */
export function encodeCursor(row: { readonly createdAt: Date; readonly id: string }): string {
  return encodePageCursor(row);
}

export function decodeCursor(cursor: string): PageAfter | undefined {
  return decodePageCursor(cursor);
}
