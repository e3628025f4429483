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

describe('live pre-flight hold notification', () => {
  test('names the bot and lists each blocking check with its fix', () => {
    expect(isNotificationKind('bot.live_preflight_held')).toBe(true);
    const r = templates['bot.live_preflight_held'].render({
      botId: 'bot_1',
      botName: 'My bot',
      conditionId: '0xabc',
      checks: [
        { id: 'gas', message: 'The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas.', fix: 'Send POL to the signer 0x1.' },
        { id: 'account_closed_only', message: 'The account is closed-only.', fix: null },
      ],
    });
    expect(r.title).toBe('My bot is held: its live order would fail');
    expect(r.body).toContain('- The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas. Fix: Send POL to the signer 0x1.');
    expect(r.body).toContain('- The account is closed-only.\n');
    expect(r.body).not.toContain('null');
    expect(r.body).not.toContain('undefined');
  });
});

describe('live gas-low notification', () => {
  test('names the bot, the balance and the fix, and says when it is told again', () => {
    expect(isNotificationKind('bot.live_gas_low')).toBe(true);
    const r = templates['bot.live_gas_low'].render({ botId: 'bot_1', botName: 'My bot', message: 'The wallet holds 0.0500 POL, under 0.1 POL; top it up before trades are blocked at 0.01 POL.', fix: 'Send POL to the signer 0x1.' });
    expect(r.title).toBe('My bot: its wallet is low on POL for gas');
    expect(r.body).toContain('The wallet holds 0.0500 POL, under 0.1 POL');
    expect(r.body).toContain('Fix: Send POL to the signer 0x1.');
    expect(r.body).toContain('again only if gas runs low again after it was topped up');
  });
});

describe('live exchange-held notification', () => {
  test('names the bot, what Polymarket refuses and when the bot tries again, and says when it is told again', () => {
    expect(isNotificationKind('bot.live_exchange_held')).toBe(true);
    const r = templates['bot.live_exchange_held'].render({ botId: 'bot_1', botName: 'My bot', code: 'exchange_cancel_only', message: 'Polymarket is in cancel-only mode: it accepts no new orders.', retryAt: '2026-12-02T03:31:00.000Z' });
    expect(r.title).toBe('My bot is holding: Polymarket takes no new orders');
    expect(r.body).toContain('Polymarket is in cancel-only mode');
    expect(r.body).toContain('until 2026-12-02 03:31 UTC');
    expect(r.body).toContain('again only if this happens again after the bot has traded');
  });
});
