import { newId } from '@polymancer/core';
import type { AuditEventInput, UnlinkedAuditEvent } from './ports.ts';
import { redactDetails } from './redact-details.ts';

/** An event's content as the chain will hash it — fresh id, the time given, secrets stripped — without its position. */
export function auditEventContent(event: AuditEventInput, occurredAt: Date): UnlinkedAuditEvent {
  return {
    id: newId('audit'),
    occurredAt: new Date(occurredAt.getTime()),
    actorId: event.actorId,
    actorType: event.actorType,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    details: redactDetails(event.details ?? {}),
  };
}
