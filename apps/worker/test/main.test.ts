import { describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';
import { schema } from '@polymancer/db';
import { createTestDatabase } from '../../../test/databases.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bun = `${root}node_modules/.bin/bun`;
const mainPath = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function spawnWorker(env: Record<string, string>) {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', POLYMANCER_ENV: 'test', LOG_LEVEL: 'info' };
  return Bun.spawn([bun, mainPath], { cwd: root, env: { ...base, ...env }, stdout: 'pipe', stderr: 'pipe' });
}

/**
 * Reads JSON log lines from the worker's stdout until one has `msg`, then keeps draining the stream
 * in the background (a closed pipe would fail the worker's later log writes).
 */
async function readUntilLog(stream: ReadableStream<Uint8Array>, msg: string): Promise<Record<string, unknown>> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`worker exited before logging "${msg}"`);
    buffered += decoder.decode(value, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let entry: Record<string, unknown> | undefined;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // not a log line
      }
      if (entry?.msg === msg) {
        void (async () => {
          while (!(await reader.read()).done) {
            // drain
          }
        })();
        return entry;
      }
      newline = buffered.indexOf('\n');
    }
  }
}

describe('standalone worker (bun apps/worker/src/main.ts)', () => {
  test('refuses to run on embedded PGlite and names DATABASE_URL', async () => {
    const child = spawnWorker({});
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain('DATABASE_URL');
  });

  test.if(process.env.TEST_DATABASE_URL !== undefined)('migrates, beats, and drains on SIGTERM against Postgres', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    try {
      const child = spawnWorker({ DATABASE_URL: database.url! });
      const started = await readUntilLog(child.stdout, 'worker started');
      expect(started.workerId).toMatch(/^wrk_/);

      const rows = await database.handle.db.select().from(schema.workerHeartbeats);
      expect(rows.map((r) => r.workerId)).toEqual([started.workerId as string]);
      expect(rows[0]?.pid).toBe(child.pid);

      child.kill('SIGTERM');
      const exitCode = await child.exited;
      expect(await new Response(child.stderr).text()).toBe('');
      expect(exitCode).toBe(0);
    } finally {
      await database.dispose();
    }
  });
});
