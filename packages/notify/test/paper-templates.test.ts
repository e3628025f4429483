import { describe, expect, test } from 'bun:test';
import { isNotificationKind, templates } from '../src/index.ts';

describe('paper notification templates', () => {
  test('the daily loss stop renders the loss, the limit and when the bot may trade again', () => {
    expect(isNotificationKind('bot.daily_loss_stopped')).toBe(true);
    const r = templates['bot.daily_loss_stopped'].render({ botId: 'bot_1', botName: 'My bot', utcDay: '2026-06-10', lossMicros: 3_456_789, limitMicros: 2_000_000, resumesAt: '2026-06-11T00:00:00.000Z' });
    expect(r.title).toBe('My bot stopped for the day');
    expect(r.body).toContain('$3.456789');
    expect(r.body).toContain('$2.00');
    expect(r.body).not.toContain('undefined');
  });
});
