import type { NotificationService } from './notification-service.ts';
import { isNotificationKind } from './templates/index.ts';

/**
 * For services that declare their own small notifier port (`notify(userId, kind, data)` with a
 * string kind): checks the kind has a template here and forwards. A kind without one is a bug and
 * throws rather than being dropped.
 */
export function notifierFor(notifications: Pick<NotificationService, 'notify'>): { notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<void> } {
  return {
    async notify(userId, kind, data) {
      if (!isNotificationKind(kind)) throw new Error(`no notification template for ${kind}`);
      await notifications.notify(userId, kind, data as never);
    },
  };
}
