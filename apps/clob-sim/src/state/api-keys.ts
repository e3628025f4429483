/**
 * API keys: created and derived deterministically from (address, nonce) under a server secret, so
 * `deriveApiKey` returns the same credentials `createApiKey` issued. Secrets are base64url with padding,
 * as Polymarket issues them. Read-only keys are bare ids bound to an address.
 */
import { createHmac } from 'node:crypto';

export interface ApiKeyRecord {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
  /** Lower-case signer address. */
  readonly address: string;
  readonly nonce: string;
}

function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class ApiKeyStore {
  readonly #serverSecret: string;
  readonly #byKey = new Map<string, ApiKeyRecord>();
  readonly #readonly = new Map<string, string>();
  #readonlyCounter = 0;

  constructor(serverSecret: string) {
    this.#serverSecret = serverSecret;
  }

  #material(label: string, address: string, nonce: string): Buffer {
    return createHmac('sha256', this.#serverSecret).update(`${label}:${address.toLowerCase()}:${nonce}`).digest();
  }

  /** The credentials (address, nonce) always maps to, whether or not they are active. */
  credentialsFor(address: string, nonce: string): ApiKeyRecord {
    return {
      key: uuidFrom(this.#material('key', address, nonce)),
      secret: this.#material('secret', address, nonce).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      passphrase: this.#material('passphrase', address, nonce).toString('hex'),
      address: address.toLowerCase(),
      nonce,
    };
  }

  /** Undefined when the key for (address, nonce) already exists. */
  create(address: string, nonce: string): ApiKeyRecord | undefined {
    const record = this.credentialsFor(address, nonce);
    if (this.#byKey.has(record.key)) return undefined;
    this.#byKey.set(record.key, record);
    return record;
  }

  /** Undefined when no key was created for (address, nonce). */
  derive(address: string, nonce: string): ApiKeyRecord | undefined {
    return this.#byKey.get(this.credentialsFor(address, nonce).key);
  }

  find(key: string): ApiKeyRecord | undefined {
    return this.#byKey.get(key);
  }

  delete(key: string): boolean {
    return this.#byKey.delete(key);
  }

  listFor(address: string): string[] {
    return [...this.#byKey.values()].filter((r) => r.address === address.toLowerCase()).map((r) => r.key);
  }

  createReadonly(address: string): string {
    this.#readonlyCounter += 1;
    const key = uuidFrom(this.#material('readonly', address, String(this.#readonlyCounter)));
    this.#readonly.set(key, address.toLowerCase());
    return key;
  }

  listReadonly(address: string): string[] {
    return [...this.#readonly.entries()].filter(([, owner]) => owner === address.toLowerCase()).map(([key]) => key);
  }

  deleteReadonly(address: string, key: string): boolean {
    if (this.#readonly.get(key) !== address.toLowerCase()) return false;
    return this.#readonly.delete(key);
  }

  isReadonlyFor(address: string, key: string): boolean {
    return this.#readonly.get(key) === address.toLowerCase();
  }
}
