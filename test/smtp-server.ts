/**
 * A real SMTP server on loopback (the `smtp-server` package: a full SMTP conversation, no TLS, any
 * or no login accepted) that captures every message it accepts, parsed with `mailparser`. It can go
 * down and come back on the same port, and misbehave on purpose:
 *   - `accept`: 250 after DATA (the normal case);
 *   - `tempfail`: 451 after DATA (a temporary refusal);
 *   - `reject`: 550 to RCPT TO (a permanent refusal);
 *   - `drop-after-data`: captures the message, then cuts the connection before answering DATA —
 *     exactly what a sender that dies between the server's acceptance and its own bookkeeping sees.
 */
import { once } from 'node:events';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Whether the server answered 250 (false for `drop-after-data`). */
  readonly acknowledged: boolean;
}

export type SmtpMode = 'accept' | 'tempfail' | 'reject' | 'drop-after-data';

export interface LocalSmtpServer {
  readonly port: number;
  /** `smtp://user:pass@127.0.0.1:<port>` (the password is a test value, to prove it is never logged). */
  readonly url: string;
  readonly messages: CapturedMail[];
  mode: SmtpMode;
  /** Connections refused from now on (the port is closed). */
  down(): Promise<void>;
  /** Listening again, on the same port. */
  up(): Promise<void>;
  /** Resolves once `count` messages were captured; rejects after `timeoutMs` of real time (a guard, not a wait). */
  waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  stop(): Promise<void>;
}

export const smtpTestPassword = 'smtp-test-password-d41d8cd9';

export async function startSmtpServer(): Promise<LocalSmtpServer> {
  const messages: CapturedMail[] = [];
  const listeners = new Set<() => void>();
  let server: SMTPServer | undefined;
  let port = 0;

  const create = () => {
    const s: SMTPServer = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 50,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
      onRcptTo: (_address, _session, callback) => {
        if (state.mode === 'reject') {
          const error = Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          void (async () => {
            const raw = Buffer.concat(chunks);
            const mode = state.mode;
            if (mode === 'tempfail') {
              callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
              return;
            }
            const parsed = await simpleParser(raw);
            const to = session.envelope.rcptTo.map((r) => r.address);
            const mail: CapturedMail = {
              messageId: parsed.messageId ?? '',
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              acknowledged: mode !== 'drop-after-data',
            };
            messages.push(mail);
            for (const l of listeners) l();
            if (mode === 'drop-after-data') {
              for (const connection of s.connections) {
                if ((connection as unknown as { id: string }).id === session.id) (connection as unknown as { _socket: { destroy(): void } })._socket.destroy();
              }
              return;
            }
            callback(null, `OK queued as ${messages.length}`);
          })();
        });
      },
    });
    return s;
  };

  const up = async () => {
    server = create();
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    const address = server.server.address();
    port = typeof address === 'object' && address !== null ? address.port : port;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    if (s === undefined) return;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const state: LocalSmtpServer = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://test:${smtpTestPassword}@127.0.0.1:${port}`;
    },
    messages,
    mode: 'accept',
    down,
    up,
    waitForMessages: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            cleanup();
            resolve([...messages]);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} messages, captured ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: down,
  };
  await up();
  return state;
}
