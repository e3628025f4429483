/** AES-256-GCM field envelopes: round trip, and every way a stored ciphertext can be misused is refused. */
import { describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { createKeyRing, keyIdOf, openField, parseKeyRing, sealField, type FieldBinding } from '../src/index.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring = createKeyRing([{ id: 'k1', key: k1 }, { id: 'k2', key: k2 }], 'k2');
const binding: FieldBinding = { userId: 'usr_a', credentialId: 'crd_1', field: 'api_secret' };
const secret = Buffer.from('c2VjcmV0LXNlY3JldC1zZWNyZXQ=', 'utf8');

function refused(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'accepted';
}

describe('credential field envelopes', () => {
  test('seal under the active key, open back to the same bytes; the envelope names its key and holds no plaintext', () => {
    const envelope = sealField(ring, secret, binding);
    expect(keyIdOf(envelope)).toBe('k2');
    expect(envelope).not.toContain(secret.toString('utf8'));
    expect(envelope).not.toContain(secret.toString('base64'));
    expect(openField(ring, envelope, binding).equals(secret)).toBe(true);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealField(ring, secret, binding)).not.toBe(envelope);
  });

  test('a flipped bit anywhere in the ciphertext is refused', () => {
    const envelope = sealField(ring, secret, binding);
    const parts = envelope.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    for (const at of [0, body.length - 1, Math.floor(body.length / 2)]) {
      const tampered = Buffer.from(body);
      tampered[at] = tampered[at]! ^ 1;
      expect(refused(() => openField(ring, [...parts.slice(0, 3), tampered.toString('base64url')].join('.'), binding))).toBe('credential_undecryptable');
    }
    const iv = Buffer.from(parts[2]!, 'base64url');
    iv[0] = iv[0]! ^ 1;
    expect(refused(() => openField(ring, [parts[0], parts[1], iv.toString('base64url'), parts[3]].join('.'), binding))).toBe('credential_undecryptable');
  });

  test('a ciphertext moved to another row, field or user is refused', () => {
    const envelope = sealField(ring, secret, binding);
    expect(refused(() => openField(ring, envelope, { ...binding, credentialId: 'crd_2' }))).toBe('credential_undecryptable');
    expect(refused(() => openField(ring, envelope, { ...binding, field: 'api_passphrase' }))).toBe('credential_undecryptable');
    expect(refused(() => openField(ring, envelope, { ...binding, userId: 'usr_b' }))).toBe('credential_undecryptable');
  });

  test('a wrong or unknown key id is refused', () => {
    const envelope = sealField(ring, secret, binding);
    const [v, , iv, body] = envelope.split('.');
    expect(refused(() => openField(ring, [v, 'k1', iv, body].join('.'), binding))).toBe('credential_undecryptable');
    expect(refused(() => openField(ring, [v, 'k9', iv, body].join('.'), binding))).toBe('credential_undecryptable');
    const withoutK2 = createKeyRing([{ id: 'k1', key: k1 }]);
    expect(refused(() => openField(withoutK2, envelope, binding))).toBe('credential_undecryptable');
    expect(refused(() => openField(ring, 'not-an-envelope', binding))).toBe('credential_undecryptable');
  });

  test('an older key keeps decrypting what it sealed while another is active', () => {
    const old = sealField(ring, secret, binding, 'k1');
    expect(keyIdOf(old)).toBe('k1');
    expect(openField(ring, old, binding).equals(secret)).toBe(true);
  });

  test('key rings parse from configuration; errors name ids, never keys', () => {
    const spec = `a:${k1.toString('base64')}, b:${k2.toString('base64')}`;
    expect(parseKeyRing(spec).activeKeyId).toBe('b');
    expect(parseKeyRing(spec, 'a').activeKeyId).toBe('a');
    expect(refused(() => parseKeyRing(spec, 'c'))).toBe('credential_key_ring_invalid');
    expect(refused(() => parseKeyRing('a:c2hvcnQ='))).toBe('credential_key_ring_invalid');
    expect(refused(() => parseKeyRing(`a:${k1.toString('base64')},a:${k2.toString('base64')}`))).toBe('credential_key_ring_invalid');
    try {
      parseKeyRing(`bad id:${k1.toString('base64')}`);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(k1.toString('base64'));
    }
  });
});
