import { randomUUID } from 'node:crypto';
import { newId, type IdKind } from '@polymancer/core';

// better-auth model name → our id kind. Models without a prefix of ours (rate-limit counters,
// which never appear in URLs or logs) get a UUID.
const kindByModel: Readonly<Record<string, IdKind>> = {
  user: 'user',
  session: 'session',
  account: 'account',
  verification: 'verification',
  twoFactor: 'twoFactor',
};

export function generateAuthId({ model }: { model: string }): string {
  const kind = kindByModel[model];
  return kind === undefined ? randomUUID() : newId(kind);
}
