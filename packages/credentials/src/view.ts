/** What a user (and the audit log) may see of a credential: metadata, never secret material. */
import type { CredentialRecord } from './ports.ts';
import { walletTypeNames } from './wallet-type.ts';

export interface CredentialView {
  readonly id: string;
  readonly walletType: number;
  readonly walletTypeName: string;
  readonly signerAddress: string;
  readonly funderAddress: string;
  readonly status: 'active' | 'deprecated';
  readonly validationStatus: 'valid' | 'invalid';
  readonly validationReason: string | null;
  readonly createdAt: Date;
  readonly ageDays: number;
  readonly validatedAt: Date;
  readonly overlapEndsAt: Date | null;
  readonly rotationDueAt: Date;
}

export function credentialView(r: CredentialRecord, now: Date, reminderDays: number): CredentialView {
  return {
    id: r.id,
    walletType: r.walletType,
    walletTypeName: walletTypeNames[r.walletType],
    signerAddress: r.signerAddress,
    funderAddress: r.funderAddress,
    status: r.lifecycle,
    validationStatus: r.validationStatus,
    validationReason: r.validationReason,
    createdAt: r.createdAt,
    ageDays: Math.floor((now.getTime() - r.createdAt.getTime()) / 86_400_000),
    validatedAt: r.validatedAt,
    overlapEndsAt: r.overlapEndsAt,
    rotationDueAt: new Date(r.createdAt.getTime() + reminderDays * 86_400_000),
  };
}
