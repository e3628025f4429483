/** HTTP shapes of live trading's safety state: breakers, freezes, emergency stops. Times ISO-8601. */
import type { BreakerState, EmergencyBot } from '@polymancer/safety';
import { t } from 'elysia';

const isoOrNull = t.Union([t.String(), t.Null()]);
export const breakerNameSchema = t.Union([t.Literal('bot_failures'), t.Literal('exchange_errors')], {
  description: '`bot_failures`: over 20 % of live bots failed within 10 minutes. `exchange_errors`: over 50 % of exchange API calls failed over a minimum sample.',
});

export const breakerSchema = t.Object({
  name: breakerNameSchema,
  open: t.Boolean({ description: 'Open = all live trading is paused until an operator resumes it.' }),
  openedAt: isoOrNull,
  reason: t.Union([t.String(), t.Null()]),
  resumedAt: isoOrNull,
});

export const operatorBreakerSchema = t.Object({
  ...breakerSchema.properties,
  details: t.Union([t.Record(t.String(), t.Number()), t.Null()], { description: 'The counts that tripped it.' }),
  resumedBy: t.Union([t.String(), t.Null()], { description: 'Operator user id, or `cli:<os user>`.' }),
});

export function breakerView(b: BreakerState) {
  return { name: b.name, open: b.open, openedAt: b.openedAt?.toISOString() ?? null, reason: b.reason, resumedAt: b.resumedAt?.toISOString() ?? null };
}

export function operatorBreakerView(b: BreakerState) {
  return { ...breakerView(b), details: b.details === null ? null : { ...b.details }, resumedBy: b.resumedBy };
}

export const emergencyBotSchema = t.Object({
  id: t.String(),
  type: t.Union([t.Literal('paper'), t.Literal('live')]),
  status: t.Union([t.Literal('active'), t.Literal('paused'), t.Literal('stopped')]),
  emergencyStopped: t.Boolean(),
  emergencyStoppedAt: isoOrNull,
  emergencyStoppedReason: t.Union([t.String(), t.Null()]),
});

export function emergencyBotView(b: EmergencyBot) {
  return { id: b.id, type: b.type, status: b.status, emergencyStopped: b.emergencyStopped, emergencyStoppedAt: b.emergencyStoppedAt?.toISOString() ?? null, emergencyStoppedReason: b.emergencyStoppedReason };
}

export const reasonBody = t.Object({ reason: t.String({ minLength: 1, maxLength: 500, description: 'Why: kept on the record and shown to the owner.' }) }, { additionalProperties: false });
export const optionalReasonBody = t.Object({ reason: t.Optional(t.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false });
export const idParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) });
export const safetyDetail = (summary: string, tags: string[], description = '') => ({ summary, tags, security: [{ bearer: [] }, { cookie: [] }], ...(description === '' ? {} : { description }) });
