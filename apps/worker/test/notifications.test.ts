/**
 * The notification sender as the worker runs it: pg-boss jobs (TestClock), the real outbox, the
 * nodemailer transport and a real SMTP server on loopback. Also two senders on one Postgres
 * sharing the queue: each notification still leaves once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { createNotificationStore, schema } from '@polymancer/db';
import { createJobRunner, TestClock, type JobRunner } from '@polymancer/jobs';
import { tickUntil } from '@polymancer/jobs/testing';
import { createSmtpTransport } from '@polymancer/mail';
import { createNotificationSender, createNotificationService, retryDelayMs, type NotificationService, type NotificationStore } from '@polymancer/notify';
import { createLogger } from '@polymancer/observability';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { startSmtpServer, type LocalSmtpServer } from '../../../test/smtp-server.ts';
import { jobDeliveryQueue, startNotificationSender } from '../src/notifications.ts';

const logger = createLogger({ level: 'silent' });
const userId = 'usr_notify_worker';
const reminder = (n: number) => ({ credentialId: `crd_${n}`, ageDays: 90, pauseAt: '2026-05-01T00:00:00.000Z' });

interface Sender {
  readonly jobs: JobRunner;
  readonly service: NotificationService;
  stop(): Promise<void>;
}

async function startSender(t: TestDatabase, store: NotificationStore, smtp: LocalSmtpServer, clock: TestClock, schemaName: string): Promise<Sender> {
  const jobs = createJobRunner({ database: t.handle, clock, logger, spies: true, schema: schemaName });
  await jobs.start();
  const queue = jobDeliveryQueue(jobs);
  const transport = createSmtpTransport({ url: smtp.url, from: 'Polymancer <no-reply@polymancer.test>', connectionTimeoutMs: 2_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 5_000 });
  const sender = await startNotificationSender({ jobs, logger, sender: createNotificationSender({ store, transport, clock: jobs.clock, queue }) });
  return {
    jobs,
    service: createNotificationService({ store, clock: jobs.clock, queue, messageIdDomain: 'polymancer.test' }),
    stop: async () => {
      await sender.stop();
      await jobs.stop({ timeoutMs: 1_000 });
      transport.close();
    },
  };
}

async function statuses(store: NotificationStore, ids: readonly string[]) {
  return Promise.all(ids.map(async (id) => (await store.deliveriesOf(id))[0]));
}

for (const engine of testEngines()) {
  describe(`notification sender jobs (${engine})`, () => {
    let t: TestDatabase;
    let smtp: LocalSmtpServer;
    let store: NotificationStore;
    let clock: TestClock;
    let sender: Sender;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await t.handle.db.insert(schema.users).values({ id: userId, name: 'Trader', email: 'worker@example.test' });
      smtp = await startSmtpServer();
      store = createNotificationStore(t.handle.db);
      clock = new TestClock(new Date('2026-03-01T12:00:05.000Z'));
      sender = await startSender(t, store, smtp, clock, 'pgboss_notify');
    });
    afterAll(async () => {
      await sender.stop();
      await smtp.stop();
      await t.dispose();
    });
    beforeEach(() => {
      smtp.messages.length = 0;
    });

    test('notify queues a delivery job that emails the notification', async () => {
      const { id } = await sender.service.notify(userId, 'credentials.export.cancelled', { requestId: 'exr_1' });
      const [mail] = await tickUntil(clock, smtp.waitForMessages(1));
      const [row] = await store.deliveriesOf(id);
      expect(mail).toMatchObject({ to: ['worker@example.test'], subject: 'Credential export cancelled', messageId: row?.messageId });
      await tickUntil(clock, sender.jobs.waitForJob('notifications.deliver', 'completed', { where: (d: { deliveryId: string }) => d.deliveryId === row?.id }));
      expect((await store.deliveriesOf(id))[0]?.status).toBe('sent');
    });

    test('SMTP down for a while, then up: every notification is delivered exactly once', async () => {
      await smtp.down();
      const ids: string[] = [];
      for (let n = 0; n < 5; n += 1) ids.push((await sender.service.notify(userId, 'credentials.rotation.reminder', reminder(n))).id);
      // Attempts fail and are rescheduled with backoff (30 s, then 60 s, …) while the server is down.
      const failedTwice = async () => {
        for (let step = 0; step < 200; step += 1) {
          const rows = await statuses(store, ids);
          if (rows.every((r) => r?.status === 'pending' && r.attempts >= 2)) return rows;
          await clock.tick(5_000);
        }
        throw new Error('the deliveries were not retried');
      };
      const rows = await failedTwice();
      expect(rows.every((r) => (r?.lastError ?? '').includes('ECONNREFUSED'))).toBe(true);
      expect(smtp.messages).toHaveLength(0);
      await smtp.up();
      const mails = await tickUntil(clock, smtp.waitForMessages(5), { stepMs: 10_000, maxSteps: 60 });
      // Long after: retries, sweeps and duplicate kicks find nothing left to send.
      await sender.jobs.send('notifications.sweep', {});
      await clock.tick(2 * retryDelayMs(2));
      expect(smtp.messages).toHaveLength(5);
      const sent = await statuses(store, ids);
      expect(sent.map((r) => r?.status)).toEqual(ids.map(() => 'sent'));
      expect(mails.map((m) => m.messageId).sort()).toEqual(sent.map((r) => r?.messageId ?? '').sort());
    });

    test('a delivery whose kick was lost is found by the sweep', async () => {
      // Written straight to the outbox, as if the process died between the insert and the job.
      const quiet = createNotificationService({ store, clock: sender.jobs.clock, messageIdDomain: 'polymancer.test' });
      const { id } = await quiet.notify(userId, 'credentials.export.cancelled', { requestId: 'exr_lost' });
      // Steps stop once the mail is seen; the bound is generous because a loaded machine may need several sweeps' worth.
      await tickUntil(clock, smtp.waitForMessages(1), { stepMs: 15_000, maxSteps: 80 });
      expect((await store.deliveriesOf(id))[0]?.status).toBe('sent');
    });
  });
}

if (testEngines().includes('postgres')) {
  describe('two senders on one Postgres', () => {
    let t: TestDatabase;
    let smtp: LocalSmtpServer;
    const senders: Sender[] = [];

    beforeAll(async () => {
      t = await createTestDatabase('postgres');
      await t.handle.db.insert(schema.users).values({ id: userId, name: 'Trader', email: 'worker@example.test' });
      smtp = await startSmtpServer();
    });
    afterAll(async () => {
      for (const s of senders) await s.stop();
      await smtp.stop();
      await t.dispose();
    });

    test('sharing the queue and the outbox, they send each notification once', async () => {
      const clock = new TestClock(new Date('2026-03-01T12:00:05.000Z'));
      const store = createNotificationStore(t.handle.db);
      senders.push(await startSender(t, store, smtp, clock, 'pgboss_shared'), await startSender(t, store, smtp, clock, 'pgboss_shared'));
      const ids: string[] = [];
      for (let n = 0; n < 20; n += 1) ids.push((await (senders[n % 2] as Sender).service.notify(userId, 'credentials.rotation.reminder', reminder(n))).id);
      // Both sweep at once too: every due row is offered to both workers.
      await Promise.all(senders.map((s) => s.jobs.send('notifications.sweep', {})));
      await tickUntil(clock, smtp.waitForMessages(20), { stepMs: 1_000, maxSteps: 60 });
      await clock.tick(2 * 60_000);
      expect(smtp.messages).toHaveLength(20);
      expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(20);
      const rows = await statuses(store, ids);
      expect(rows.map((r) => [r?.status, r?.attempts])).toEqual(ids.map(() => ['sent', 1]));
    });
  });
}
