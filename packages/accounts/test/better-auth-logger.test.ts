import { describe, expect, test } from 'bun:test';
import { createLogger } from '@polymancer/observability';
import { betterAuthLogger } from '../src/better-auth-logger.ts';

describe('better-auth log lines', () => {
  test('errors, strings and values are redacted the way our own logs are', () => {
    const lines: string[] = [];
    const log = betterAuthLogger(createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } }));
    if (log.disabled || !('log' in log)) throw new Error('expected an enabled logger');
    const failed = new Error('Failed query: insert into "sessions" ("token") values ($1)\nparams: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    log.log('error', 'Failed query: select 1\nparams: secret-token-value', failed, { where: [{ field: 'token', value: 'raw-token-value' }] }, 42);
    const [line] = lines;
    expect(line).toBeDefined();
    const parsed = JSON.parse(line ?? '{}') as { level: number; component: string; msg: string; args: unknown[] };
    expect(parsed).toMatchObject({ level: 50, component: 'better-auth', msg: 'Failed query: select 1 [parameters withheld]' });
    expect(parsed.args[1]).toBe('[value withheld]');
    expect(parsed.args[2]).toBe(42);
    for (const secret of ['secret-token-value', '0123456789abcdef', 'raw-token-value', 'params:']) expect(line).not.toContain(secret);
  });

  test('without a logger, better-auth logs nowhere', () => {
    expect(betterAuthLogger(undefined)).toEqual({ disabled: true });
  });
});
