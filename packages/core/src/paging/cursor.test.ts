import { describe, expect, test } from 'bun:test';
import { decodePageCursor, encodePageCursor, LATEST_CURSOR_MS } from './cursor.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursor', () => {
  test('decodes what it encodes', () => {
    const row = { createdAt: new Date('2026-12-01T10:00:00.123Z'), id: 'trd_0123456789abcdefghjk' };
    expect(decodePageCursor(encodePageCursor(row))).toEqual(row);
    expect(decodePageCursor(encodePageCursor({ createdAt: new Date(LATEST_CURSOR_MS), id: 'x' }))?.createdAt.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  test('refuses times no row can have and ids outside the id alphabet', () => {
    for (const text of ['9007199254740991|x', `${LATEST_CURSOR_MS + 1}|x`, '-1|x', '1.5|x', '1e3|x', '|x', '1|', '1|trd_\u0000', '1|\ud800', `1|${'x'.repeat(65)}`, '1|a b', '0x10|a']) {
      expect({ text, cursor: decodePageCursor(b64(text)) }).toEqual({ text, cursor: undefined });
    }
    for (const raw of ['', '!!!!', 'a'.repeat(201), 'abc=']) expect(decodePageCursor(raw)).toBeUndefined();
  });
});
