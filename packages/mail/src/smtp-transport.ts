/**
 * `@polymancer/notify`'s `EmailTransport` over SMTP with nodemailer (`SMTP_URL`, e.g.
 * `smtps://user:pass@smtp.example.com:465` or `smtp://127.0.0.1:2525`).
 *
 * Each send opens its own connection (no pool): the sender sends one message per job, and a fresh
 * connection per attempt means a server that went away costs one refused connection, not a stuck
 * pooled socket. Timeouts bound an attempt well inside the sender's claim on its row.
 *
 * Outcome classification: the server refusing the envelope or the message with a 5xx is final
 * (`rejected`); everything else — refused or dropped connections, timeouts, 4xx, authentication
 * failures (an operator can fix the configuration) — may pass later (`retry`). Reasons carry the
 * nodemailer code and the server's reply, never the URL (which may hold a password).
 */
import nodemailer from 'nodemailer';
import type { EmailMessage, EmailTransport, SendOutcome } from '@polymancer/notify';

export interface SmtpTransportOptions {
  /** `smtp://` or `smtps://` URL (credentials in it are used, never logged). */
  readonly url: string;
  /** The `From:` of every message, e.g. `Polymancer <no-reply@example.com>`. */
  readonly from: string;
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
}

interface SmtpErrorLike {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

export function createSmtpTransport(options: SmtpTransportOptions): EmailTransport & { close(): void } {
  const transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    kind: 'smtp',
    async send(message: EmailMessage): Promise<SendOutcome> {
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
        });
        return { kind: 'accepted', response: String(info.response ?? '') };
      } catch (error) {
        return classify(error as SmtpErrorLike, message.to);
      }
    },
    close: () => transporter.close(),
  };
}

export function classify(error: SmtpErrorLike, recipient: string): SendOutcome {
  const code = error.code ?? 'ERROR';
  const status = error.responseCode;
  const said = (error.response ?? error.message ?? '').replace(/\s+/g, ' ').trim();
  const reason = `${code}${status === undefined ? '' : ` ${status}`}: ${said}`.replaceAll(recipient, '<recipient>');
  const final = (code === 'EENVELOPE' || code === 'EMESSAGE') && status !== undefined && status >= 500 && status < 600;
  return final ? { kind: 'rejected', reason } : { kind: 'retry', reason };
}
