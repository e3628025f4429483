/** SumSub wire → Polymancer's terms: the applicant's country (alpha-3 → alpha-2) and review webhooks. */
import countries from 'i18n-iso-countries';
import type { KycReview } from '@polymancer/core';
import type { KycWebhookEvent } from '@polymancer/unlock';
import type { ApplicantWire, WebhookWire } from './wire.ts';

export function alpha2(code: string | undefined): string | null {
  if (code === undefined) return null;
  const c = code.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(c)) return countries.alpha3ToAlpha2(c) ?? null;
  if (/^[A-Z]{2}$/.test(c) && countries.isValid(c)) return c;
  return null;
}

/** The identity document's country: the one SumSub recognised (`info.country`), else the document's, else what was provided. */
export function applicantCountry(a: ApplicantWire): string | null {
  return alpha2(a.info?.country) ?? alpha2(a.info?.idDocs?.find((d) => d.country !== undefined)?.country) ?? alpha2(a.fixedInfo?.country);
}

/** `createdAtMs`: "2020-02-21 13:23:19.321" (UTC) or epoch milliseconds; null if neither. */
export function eventTime(w: WebhookWire): Date | null {
  const raw = w.createdAtMs ?? w.createdAt;
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Date(raw) : null;
  if (raw === undefined) return null;
  if (/^\d+$/.test(raw)) return new Date(Number(raw));
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (m === null) return null;
  const zone = m[3] === undefined ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const d = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const pendingTypes = new Set(['applicantPending', 'applicantOnHold', 'applicantReset', 'applicantPrechecked']);

export function reviewOf(w: WebhookWire): KycReview | null {
  const r = w.reviewResult;
  if (r?.reviewAnswer === 'GREEN') return { answer: 'GREEN' };
  if (r?.reviewAnswer === 'RED') {
    // The moderation comment is written for the applicant; the client comment is internal and never shown.
    return { answer: 'RED', rejectType: r.reviewRejectType ?? 'FINAL', labels: r.rejectLabels ?? [], userMessage: r.moderationComment ?? null };
  }
  return null;
}

export function webhookEvent(w: WebhookWire, digest: string, receivedAt: Date): KycWebhookEvent {
  const review = w.type === 'applicantReviewed' ? reviewOf(w) : null;
  const kind = w.type === 'applicantReviewed' && review !== null ? 'reviewed' : pendingTypes.has(w.type) ? 'pending' : 'other';
  return { digest, applicantId: w.applicantId, externalUserId: w.externalUserId ?? null, kind, eventType: w.type, review, occurredAt: eventTime(w) ?? receivedAt };
}
