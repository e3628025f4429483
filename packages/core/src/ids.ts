import { randomBytes } from 'node:crypto';

/** Every entity id is `<prefix>_<random>`, so an id says what it names in logs and URLs. */
export const idPrefixes = {
  user: 'usr',
  session: 'ses',
  account: 'acc',
  verification: 'vrf',
  twoFactor: 'tfa',
  bot: 'bot',
  order: 'ord',
  trade: 'trd',
  decision: 'dec',
  pnlSnapshot: 'pnl',
  request: 'req',
  audit: 'aud',
  job: 'job',
  worker: 'wrk',
  quizAttempt: 'qza',
  liveActivation: 'act',
  sandboxApplicant: 'sbx',
  notification: 'ntf',
  delivery: 'dlv',
  credential: 'crd',
  exportRequest: 'exr',
  settlementTx: 'stx',
  redemption: 'rdm',
  liquidation: 'liq',
} as const;

export type IdKind = keyof typeof idPrefixes;

// 32 symbols (Crockford's base32, lower case) so `byte % 32` has no modulo bias.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** 20 base-32 characters = 100 bits of randomness: collision-free at any realistic scale. */
export function newId(kind: IdKind): string {
  const bytes = randomBytes(20);
  let body = '';
  for (const byte of bytes) body += alphabet[byte % 32];
  return `${idPrefixes[kind]}_${body}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${idPrefixes[kind]}_`);
}
