import { describe, expect, test } from 'bun:test';
import { evaluatePreflight, type PreflightCheckId, type PreflightFacts, preflightBlockReason } from './preflight.ts';
import { WEI_PER_POL } from './gas-balance.ts';

const EOA = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const WALLET = '0x000000000000000000000000000000000000a001';

const ready: PreflightFacts = {
  account: { walletType: 0, signerAddress: EOA, funderAddress: EOA },
  exchange: { kind: 'answered', closedOnly: false },
  lastRejectionCode: null,
  market: { acceptingOrders: true, closed: false, tickSizeMicros: 10_000, minOrderSizeMicros: 5_000_000, exchangeName: 'CTF Exchange V2' },
  order: { side: 'BUY', amountMicros: 5_000_000, costMicros: 5_100_000, limitPriceMicros: 600_000 },
  wallet: { hasCode: false, pusdMicros: 50_000_000n, allowanceMicros: 2n ** 256n - 1n, tokensApproved: true, gasWei: WEI_PER_POL },
};

const check = (facts: PreflightFacts, id: PreflightCheckId) => evaluatePreflight(facts).checks.find((c) => c.id === id);

describe('pre-flight diagnosis (pure)', () => {
  test('a ready EOA passes every check', () => {
    const r = evaluatePreflight(ready);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['credential', 'ok'],
      ['exchange_reachable', 'ok'],
      ['api_key_bound', 'ok'],
      ['wallet_setup', 'ok'],
      ['deposit_wallet_flow', 'ok'],
      ['closed_only', 'ok'],
      ['market_accepting_orders', 'ok'],
      ['order_size', 'ok'],
      ['collateral', 'ok'],
      ['sell_approval', 'ok'],
      ['gas', 'ok'],
    ]);
  });

  test('no credential is one blocking check', () => {
    const r = evaluatePreflight({ ...ready, account: undefined });
    expect(r).toEqual({ ok: false, checks: [{ id: 'credential', status: 'block', message: 'No valid trading credential: the bot cannot sign orders.', fix: 'Import a credential (wallet, API key) on the Credentials screen.' }] });
  });

  test('each failure blocks with the message and fix the user reads', () => {
    expect(check({ ...ready, exchange: { kind: 'forbidden' } }, 'exchange_reachable')).toMatchObject({ status: 'block', message: expect.stringContaining('geoblocked'), fix: expect.stringContaining('eu-west-1') });
    expect(check({ ...ready, exchange: { kind: 'unreachable', reason: 'timeout' } }, 'exchange_reachable')).toMatchObject({ status: 'block' });
    expect(check({ ...ready, exchange: { kind: 'unauthorized' } }, 'api_key_bound')).toMatchObject({ status: 'block', message: expect.stringContaining('the order signer address has to be the address of the API KEY') });
    expect(check({ ...ready, account: { walletType: 0, signerAddress: EOA, funderAddress: WALLET } }, 'wallet_setup')).toMatchObject({ status: 'block', fix: `Set the funder to ${EOA}, or choose the wallet type of the wallet that holds the funds (1 proxy, 2 Safe, 3 deposit wallet).` });
    expect(check({ ...ready, account: { walletType: 3, signerAddress: EOA, funderAddress: EOA } }, 'wallet_setup')).toMatchObject({ status: 'block' });
    expect(check({ ...ready, account: { walletType: 3, signerAddress: EOA, funderAddress: WALLET } }, 'wallet_setup')).toMatchObject({ status: 'block', message: `The funder ${WALLET} has no contract on chain: no deposit wallet is deployed there.` });
    expect(check({ ...ready, lastRejectionCode: 'deposit_wallet_required' }, 'deposit_wallet_flow')).toMatchObject({ status: 'block', fix: 'Import the credential again with wallet type 3 (deposit wallet) and the deposit wallet as funder.' });
    expect(check({ ...ready, exchange: { kind: 'answered', closedOnly: true } }, 'closed_only')).toMatchObject({ status: 'block', message: 'Your Polymarket account is in closed-only mode: it may only close positions.' });
    expect(check({ ...ready, market: { ...ready.market!, acceptingOrders: false } }, 'market_accepting_orders')).toMatchObject({ status: 'block' });
    expect(check({ ...ready, order: { side: 'BUY', amountMicros: 999_999, costMicros: 999_999 } }, 'order_size')).toMatchObject({ status: 'block', message: "The trade spends $0.999999 (sent as $0.99 at the exchange's precision of whole cents), under Polymarket's minimum of $1 for a market buy." });
    expect(check({ ...ready, wallet: { ...(ready.wallet as object), pusdMicros: 5_000_000n } as never }, 'collateral')).toMatchObject({ status: 'block', message: 'The trade costs $5.1 but the wallet holds $5 pUSD; deposit pUSD to the trading wallet.' });
    expect(check({ ...ready, wallet: { ...(ready.wallet as object), allowanceMicros: 0n } as never }, 'collateral')).toMatchObject({ status: 'block', fix: expect.stringContaining('approves pUSD to the CTF Exchange V2') });
    expect(check({ ...ready, order: { side: 'SELL', amountMicros: 5_000_000, costMicros: 0 }, wallet: { ...(ready.wallet as object), tokensApproved: false } as never }, 'sell_approval')).toMatchObject({ status: 'block' });
    expect(check({ ...ready, wallet: { ...(ready.wallet as object), gasWei: WEI_PER_POL / 200n } as never }, 'gas')).toMatchObject({ status: 'block', message: 'The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas; send POL to the wallet.' });
  });

  test('warnings do not block: low gas, a buy-only account without sell approval, a closed-only account selling, unread facts', () => {
    expect(check({ ...ready, wallet: { ...(ready.wallet as object), gasWei: WEI_PER_POL / 20n } as never }, 'gas')?.status).toBe('warn');
    expect(check({ ...ready, wallet: { ...(ready.wallet as object), tokensApproved: false } as never }, 'sell_approval')?.status).toBe('warn');
    expect(check({ ...ready, exchange: { kind: 'answered', closedOnly: true }, order: { side: 'SELL', amountMicros: 5_000_000, costMicros: 0 } }, 'closed_only')?.status).toBe('warn');
    const unread = evaluatePreflight({ ...ready, wallet: undefined });
    expect(unread.ok).toBe(true);
    expect(unread.checks.filter((c) => c.status === 'warn').map((c) => c.id)).toEqual(['collateral', 'sell_approval', 'gas']);
    expect(check({ ...ready, account: { walletType: 3, signerAddress: EOA, funderAddress: WALLET }, wallet: undefined }, 'gas')?.status).toBe('ok');
  });

  test('the block reason joins each blocking message with its fix', () => {
    const r = evaluatePreflight({ ...ready, exchange: { kind: 'answered', closedOnly: true } });
    expect(preflightBlockReason(r)).toBe('Your Polymarket account is in closed-only mode: it may only close positions. Fix: The bot only sells until Polymarket lifts the restriction; contact Polymarket support about the account.');
  });
});
