/**
 * `/_sim/*` mints money on the exchange, so it answers loopback peers (without a foreign Origin), or
 * anyone with the admin bearer token, and nobody in production. The remote case binds the exchange on
 * this machine's non-loopback interface, so requests really arrive from a non-loopback address.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { networkInterfaces } from 'node:os';
import { decideAdminAccess, isLoopbackAddress } from '../src/auth/admin-access.ts';
import { startSim, type Harness } from './harness.ts';

const started: Harness[] = [];
const sim = async (options: Parameters<typeof startSim>[0] = {}) => {
  const h = await startSim(options);
  started.push(h);
  return h;
};
afterAll(async () => {
  await Promise.all(started.map((h) => h.stop()));
});

/** An IPv4 address of this machine that is not loopback (undefined on a machine with none). */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

const faults = (base: string, headers: Record<string, string> = {}) => fetch(`${base}/_sim/faults`, { headers });
const fund = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/_sim/wallets/0x${'ab'.repeat(20)}`, { method: 'POST', body: JSON.stringify({ collateral: '1000000' }), headers: { 'content-type': 'application/json', ...headers } });

describe('admin API access', () => {
  test('answers a loopback peer, but not a request a foreign web page started', async () => {
    const h = await sim();
    expect((await faults(h.sim.url)).status).toBe(200);
    expect((await fund(h.sim.url, { origin: `http://localhost:${h.sim.port}` })).status).toBe(200);
    const crossSite = await fund(h.sim.url, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'admin_forbidden' });
    // The protocol routes are not affected.
    expect((await fetch(`${h.sim.url}/version`, { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  test.skipIf(externalAddress === undefined)('refuses a non-loopback peer without the token (403) and answers it with the token', async () => {
    const token = 'admin-token-for-tests-0123456789';
    const h = await sim({ hostname: externalAddress!, adminToken: token });
    const base = `http://${externalAddress}:${h.sim.port}`;
    const refused = await faults(base);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: 'admin_forbidden', error: 'the admin API answers requests from this machine, or with Authorization: Bearer <admin token>' });
    expect((await fund(base)).status).toBe(403);
    expect((await fund(base, { authorization: 'Bearer wrong-token' })).status).toBe(403);
    expect((await fund(base, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await faults(base, { authorization: `Bearer ${token}` })).status).toBe(200);
    // The trading protocol stays open to every peer.
    expect((await fetch(`${base}/version`)).status).toBe(200);
  });

  test.skipIf(externalAddress === undefined)('without a configured token a non-loopback peer is always refused', async () => {
    const h = await sim({ hostname: externalAddress! });
    const base = `http://${externalAddress}:${h.sim.port}`;
    expect((await fund(base, { authorization: 'Bearer anything' })).status).toBe(403);
  });

  test('production refuses every admin request, even from loopback with the token', async () => {
    const h = await sim({ production: true, adminToken: 'admin-token-for-tests-0123456789' });
    const res = await fund(h.sim.url, { authorization: 'Bearer admin-token-for-tests-0123456789' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'admin_disabled_in_production' });
    expect((await faults(h.sim.url)).status).toBe(403);
    expect((await fetch(`${h.sim.url}/version`)).status).toBe(200);
  });

  test('recognises loopback addresses, IPv4-mapped ones included, and treats an unknown peer as remote', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '0.0.0.0', '1127.0.0.1', undefined]) expect(isLoopbackAddress(a)).toBe(false);
    const policy = { token: undefined, production: false };
    expect(decideAdminAccess(policy, { remoteAddress: undefined, authorization: null, origin: null }).ok).toBe(false);
    expect(decideAdminAccess(policy, { remoteAddress: '::1', authorization: null, origin: 'http://[::1]:8090' }).ok).toBe(true);
    expect(decideAdminAccess(policy, { remoteAddress: '::1', authorization: null, origin: 'null' }).ok).toBe(false);
  });
});
