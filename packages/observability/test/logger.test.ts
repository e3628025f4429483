import { describe, expect, test } from 'bun:test';
import { Writable } from 'node:stream';
import { createLogger, errorForLog } from '@polymancer/observability';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  test('writes JSON lines with secrets censored wherever they appear', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', destination });
    log.info({ password: 'hunter2', body: { secret: 's3', apiKey: 'k1', passphrase: 'p1' }, headers: { authorization: 'Bearer tok' }, userId: 'usr_1' }, 'sign in');
    const line = lines.join('');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed.msg).toBe('sign in');
    expect(parsed.userId).toBe('usr_1');
    for (const secret of ['hunter2', 's3', 'k1', 'p1', 'Bearer tok']) expect(line).not.toContain(secret);
  });
});

describe('errorForLog', () => {
  test("keeps a failed query's statement and the server's message but withholds its parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "sessions_token_unique"'), { code: '23505' });
    const query = new Error('Failed query: insert into "sessions" ("id", "token") values ($1, $2)\nparams: ses_1,SECRET-SESSION-TOKEN', { cause });
    const logged = JSON.stringify(errorForLog(query));
    expect(logged).not.toContain('SECRET-SESSION-TOKEN');
    expect(logged).toContain('insert into');
    expect(logged).toContain('23505');
    expect(logged).toContain('sessions_token_unique');
  });
});
