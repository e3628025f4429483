import { describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../../test/processes.ts';

function polymancer(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(join(repoRoot, 'polymancer'), args, { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('polymancer command-line messages', () => {
  test('an unknown command is named, with the usage, exit 2', () => {
    const r = polymancer(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.out).toContain("unknown command 'frobnicate'");
    expect(r.out).toContain('Usage: polymancer <command>');
  });

  test('an unknown two-word command is named whole', () => {
    const r = polymancer(['audit', 'rewrite']);
    expect(r.code).toBe(2);
    expect(r.out).toContain("unknown command 'audit rewrite'");
  });

  test('no command prints the usage and exits 0', () => {
    const r = polymancer([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: polymancer <command>');
  });

  test('PORT=abc is reported with the value given, not NaN', () => {
    const r = polymancer(['start'], { PORT: 'abc' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('PORT = "abc": not a number');
    expect(r.out).not.toContain('NaN');
  });
});
