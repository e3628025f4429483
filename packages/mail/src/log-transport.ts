/**
 * The email transport when no `SMTP_URL` is configured: each message is written to the log (so a
 * laptop run can read what would have been mailed) and its outbox row is kept as `logged`.
 * Notifications never carry secrets, so the whole text is safe to log.
 */
import type { Logger } from '@polymancer/observability';
import type { EmailMessage, EmailTransport, SendOutcome } from '@polymancer/notify';

export function createLogTransport(logger: Logger): EmailTransport {
  const log = logger.child({ component: 'mail' });
  return {
    kind: 'log',
    async send(message: EmailMessage): Promise<SendOutcome> {
      log.info({ messageId: message.messageId, to: message.to, subject: message.subject, text: message.text }, 'email not sent: no SMTP_URL configured (kept in the outbox)');
      return { kind: 'logged' };
    },
  };
}
