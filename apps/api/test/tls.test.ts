import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { loadConfig } from '@polymancer/config';
import { serveApi, type ServingApi } from '../src/server.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';

function connectWith(port: number, maxVersion: tls.SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion }, () => {
      const protocol = socket.getProtocol() ?? 'unknown';
      socket.destroy();
      resolve(protocol);
    });
    socket.on('error', (e) => resolve(`refused: ${e.message}`));
  });
}

describe('TLS termination', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pm-tls-'));
  let h: ApiHarness;
  let serving: ServingApi;
  let port: number;

  beforeAll(async () => {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost']);
    if (made.status !== 0) throw new Error('openssl could not make a test certificate');
    h = await createApiHarness('pglite');
    const config = loadConfig({ PORT: '0', TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'key.pem'), AUTH_SECRET: 'x'.repeat(40) });
    serving = serveApi(h.app, config);
    port = Number(new URL(serving.url).port);
  });
  afterAll(async () => {
    await serving.stop();
    await h.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves HTTPS with TLS 1.3', async () => {
    expect(serving.url.startsWith('https://')).toBe(true);
    expect(await connectWith(port, 'TLSv1.3')).toBe('TLSv1.3');
    const res = await fetch(`https://127.0.0.1:${port}/healthz`, { tls: { rejectUnauthorized: false } });
    expect(res.status).toBe(200);
  });

  test('refuses TLS 1.2 and older', async () => {
    expect(await connectWith(port, 'TLSv1.2')).toStartWith('refused');
  });
});
