import { describe, expect, test } from 'bun:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '../../../test/processes.ts';

/** `npm start` as `docker stop` or systemd see it: they signal npm, and the server must stop with it. */
describe('npm start', () => {
  test('SIGTERM to the npm process stops the server cleanly (no shell left running it)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-npm-start-'));
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', POLYMANCER_DATA_DIR: dataDir, PORT: String(port), CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '', DEMO_USER: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const npmExited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('serving at')) resolve();
        };
        npm.stdout.on('data', onData);
        npm.stderr.on('data', onData);
        npm.on('exit', () => reject(new Error(`npm start exited before serving:\n${out}`)));
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      npm.kill('SIGTERM');
      // npm's output pipe closes only when the last process holding it (the server) has exited.
      await new Promise<void>((resolve) => npm.stdout.on('close', () => resolve()));
      await npmExited;
      expect(out).toContain('SIGTERM: shutting down');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      // The server ran its clean shutdown: the data-folder lock is released.
      expect(existsSync(join(dataDir, 'polymancer.lock'))).toBe(false);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
