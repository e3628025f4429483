import { describe, expect, test } from 'bun:test';
import { unlockNotificationKinds } from '@polymancer/unlock';
import { isNotificationKind, templates } from '../src/index.ts';

describe('unlock notification templates', () => {
  test('every kind the unlock service sends has a template, and each renders a title and a text', () => {
    const sample = {
      botId: 'bot_1', botName: 'My bot', from: 'locked', to: 'cooling_off', unmet: ['paid_tier'], coolingOffStartedAt: '2026-03-02T10:00:00.000Z', coolingOffEndsAt: '2026-03-03T10:00:00.000Z',
      unlockedAt: null, score: 5, total: 5, acknowledgedAt: '2026-03-02T10:00:00.000Z', status: 'pending', reason: 'Please resubmit.', provider: 'sumsub', source: 'revenuecat', expiresAt: null,
      paperBotId: 'bot_1', liveBotId: 'bot_2', name: 'My bot (live)',
    };
    for (const kind of unlockNotificationKinds) {
      expect({ kind, known: isNotificationKind(kind) }).toEqual({ kind, known: true });
      const t = templates[kind as keyof typeof templates] as { render(d: unknown): { title: string; body: string } };
      const r = t.render(sample);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.body).not.toContain('undefined');
    }
  });
});
