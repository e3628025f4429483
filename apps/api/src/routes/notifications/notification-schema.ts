import type { NotificationRecord } from '@polymancer/notify';
import { t } from 'elysia';

export const notificationSchema = t.Object({
  id: t.String({ description: 'ntf_…' }),
  kind: t.String({ description: 'Dotted kind, e.g. `credentials.export.requested`.' }),
  title: t.String(),
  body: t.String(),
  data: t.Record(t.String(), t.Unknown(), { description: 'What the message was rendered from (never a secret).' }),
  createdAt: t.String({ format: 'date-time' }),
  readAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
});

export const notificationIdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) });

export function notificationView(n: NotificationRecord) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    data: { ...n.data },
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export function notificationDetail(summary: string, errors = '') {
  return {
    summary,
    tags: ['notifications'],
    security: [{ bearer: [] }, { cookie: [] }],
    description: `The caller's in-app notifications (every notification is listed here; some are also emailed). Another user's notification answers 404. ${errors}`.trim(),
  };
}
