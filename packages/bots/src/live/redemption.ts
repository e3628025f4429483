/**
 * Redemption of live positions in resolved markets (issue 20 "Redemption", ACCOUNTS.md §2): a pass, run
 * by the worker's `live.redeem` job, finds the markets where a user's live bots hold open positions,
 * and once the market is resolved and its payouts are on chain, redeems the wallet's outcome tokens
 * for pUSD through the market's collateral adapter — an EOA sends its own transaction (it pays gas);
 * the owner of a deposit wallet signs a batch, of a proxy wallet a relay request for the proxy-wallet
 * factory, of a Safe an `execTransaction`, and a relayer sends it (gasless). Then each bot's ledger records
 * the proceeds as a settlement (its shares × the payout, a `settlement` trade row carrying the
 * redemption's transaction hash) and its live balance rises by them.
 *
 * Guarantees
 * - Never redeems twice, and never credits twice. One row per (user, wallet, market) is claimed
 *   before anything is signed; the signed payload is committed (`signed`) BEFORE it is sent, so a crash
 *   anywhere leaves either nothing signed (the next pass signs) or a committed payload that the next
 *   pass sends again as it is — the chain executes one signed transaction / batch at most once (its
 *   nonce), and a new one is signed only once the chain says the old one can never execute. Each bot's
 *   credit is written in its own ledger transaction keyed `redemption:<id>`, so it happens once.
 * - Live bots' ledgers are not settled by the tick for resolved markets (live-tick.ts): the money is
 *   credited when it is on the wallet, so the live balance never counts pUSD the wallet does not have.
 *
 * Known limitations
 * - A wallet type other than 0–3 is skipped with `wallet_type_unsupported` every pass.
 * - Protocol V2 position markets (ExchangeV3) are skipped with `position_market_unsupported`: their positions
 *   redeem through Polymarket's Router (`redeem(bytes31, outcomeIndex, amount)`) on the PositionManager, which
 *   neither this pass nor the local chain models; the bot's position stays open in its ledger (never credited
 *   without the pUSD) until redeemed on polymarket.com or by Polymarket's AutoRedeemer.
 * - A relayer's terminal failure (`failed` from `submit`) is taken at its word: the row is `failed`
 *   (`redemption_relay_failed`) and signed afresh next pass — safe because the fresh request reads the
 *   wallet's nonce, so of the two at most one can ever run.
 * - A smart wallet's (types 1–3) payload sent but whose hash was never recorded (a crash right after
 *   sending, a relayer's lost answer) is judged by the wallet's nonce, and credited only when the wallet
 *   no longer holds a winning token (a GSN relay spends the nonce even when its call reverted).
 * - Tokens the wallet no longer holds (redeemed by hand or by Polymarket's AutoRedeemer) are credited
 *   to the bots' ledgers without a transaction of ours: the pUSD is on the wallet either way.
 */
import { type Clock, newId, recordRealized, rollDailyPnl } from '@polymancer/core';
import { isResolved, type MarketInfo, payoutMicrosOf, type TickMarketData } from '../market-data/market-data.ts';
import { TickLedger } from '../tick/ledger.ts';
import type { TickStore, TradeRecord } from '../tick/tick-store.ts';
import type { LiveAccount, LiveAccountPort } from './ports.ts';
import type { RedemptionAdapter, RedemptionCandidate, RedemptionChain, RedemptionRecord, RedemptionStore } from './redemption-ports.ts';

/** Where crash tests stop a pass: after the signed payload is committed, after it was sent. */
export type RedemptionFaultPoint = 'after_sign_commit' | 'after_submit';

export interface RedemptionDeps {
  readonly store: RedemptionStore;
  readonly chain: RedemptionChain;
  readonly accounts: LiveAccountPort;
  /** The bots' ledgers (the tick's store: one transaction per bot, keyed). */
  readonly ticks: TickStore;
  readonly marketData: Pick<TickMarketData, 'getMarket'>;
  readonly clock: Clock;
  /** A redemption transaction was sent: the settlement monitor watches it to finality. */
  readonly onSubmitted?: (tx: { readonly userId: string; readonly txHash: string; readonly submittedAt: Date }) => Promise<void>;
  readonly faultHook?: (point: RedemptionFaultPoint) => void | Promise<void>;
}

export type RedemptionOutcome =
  | 'redeemed'
  | 'pending'
  | 'not_resolved'
  | 'awaiting_payouts'
  | 'no_credential'
  | 'wallet_type_unsupported'
  | 'position_market_unsupported'
  | 'failed';

const SUPPORTED_WALLET_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3]);

export function createRedemptions(deps: RedemptionDeps) {
  const now = () => deps.clock.now();

  async function fail(row: RedemptionRecord, code: string, message: string): Promise<RedemptionOutcome> {
    await deps.store.update(row.id, row.status, { status: 'failed', errorCode: code, errorMessage: message, updatedAt: now() });
    return 'failed';
  }

  /** Each holder bot's ledger: its positions in the market settled at the payout, once per redemption. */
  async function credit(row: RedemptionRecord, market: MarketInfo, txHash: string | null): Promise<number> {
    let credited = 0;
    for (const botId of await deps.store.holders(row.userId, row.conditionId)) {
      const at = now();
      const outcome = await deps.ticks.transact(botId, `redemption:${row.id}`, at, async (tx) => {
        const fresh = tx.state;
        const ledger = new TickLedger(fresh.bot.paperBalanceMicros, fresh.positions);
        let daily = rollDailyPnl(fresh.daily, at, ledger.valuation().equityMicros);
        let botCredit = 0;
        let settled = 0;
        for (const position of ledger.positions()) {
          if (position.conditionId !== row.conditionId) continue;
          const payoutMicros = payoutMicrosOf(market, position.tokenId);
          const shares = position.sharesMicros;
          const equityBefore = ledger.valuation().equityMicros;
          const change = ledger.settle(position.tokenId, payoutMicros, at);
          if (change === undefined) continue;
          settled += 1;
          botCredit += change.cashDeltaMicros;
          daily = recordRealized(daily, at, change.realizedPnlMicros, equityBefore);
          const trade: TradeRecord = {
            id: newId('trade'),
            userId: fresh.bot.userId,
            botId,
            type: 'live',
            kind: 'settlement',
            status: 'executed',
            side: 'sell',
            marketId: row.conditionId,
            tokenId: position.tokenId,
            amountMicros: change.cashDeltaMicros,
            sharesMicros: shares,
            decisionPriceMicros: null,
            executionPriceMicros: payoutMicros,
            feeMicros: 0,
            predictedSlippageBps: null,
            actualSlippageBps: null,
            marketImpactBps: null,
            feeModel: null,
            orderId: null,
            transactionHash: txHash,
            rejectionCode: null,
            rejectionReason: null,
            tickKey: `redemption:${row.id}`,
            decisionId: null,
            latencyMs: null,
            bookAgeMs: null,
            realizedPnlMicros: change.realizedPnlMicros,
            countsForUnlock: false,
            unlockExclusions: null,
            createdAt: at,
          };
          await tx.insertTrade(trade);
          await tx.audit({
            actorId: null,
            actorType: 'system',
            action: 'bot.position.redeemed',
            subjectType: 'bot',
            subjectId: botId,
            details: { tradeId: trade.id, redemptionId: row.id, conditionId: row.conditionId, tokenId: position.tokenId, payoutPerShareMicros: payoutMicros, sharesMicros: shares, payoutMicros: change.cashDeltaMicros, txHash },
          });
        }
        await tx.savePositions(ledger.changed(), at);
        await tx.updateBot({ paperBalanceMicros: ledger.balanceMicros, midpointHistory: fresh.midpointHistory, daily, firstPaperTradeAt: fresh.bot.firstPaperTradeAt, lastTickAt: fresh.bot.lastTickAt ?? at });
        await tx.finish({ outcome: 'live_positions_redeemed', trades: settled, rejections: 0, finishedAt: now() });
        return botCredit;
      });
      if (outcome.applied) credited += outcome.value;
    }
    return credited;
  }

  async function finish(row: RedemptionRecord, market: MarketInfo, txHash: string | null): Promise<RedemptionOutcome> {
    const credited = await credit(row, market, txHash);
    const at = now();
    await deps.store.update(row.id, row.status, { status: 'redeemed', txHash, creditedMicros: (row.creditedMicros ?? 0) + credited, redeemedAt: at, updatedAt: at });
    return 'redeemed';
  }

  /**
   * Credits only once the wallet no longer holds a winning token. A redemption judged "mined" by a spent nonce
   * alone (its hash never reached us) cannot tell a reverted inner call: a GSN relay spends the owner's nonce
   * either way. A wallet still holding winners is a failed redemption, signed again on the next pass.
   */
  async function finishIfRedeemed(row: RedemptionRecord, market: MarketInfo, txHash: string | null): Promise<RedemptionOutcome> {
    const winners = market.outcomes.map((o) => o.tokenId).filter((t) => payoutMicrosOf(market, t) > 0);
    const held = await deps.chain.balances(row.walletAddress, winners);
    if (winners.some((t) => (held[t] ?? 0) > 0)) {
      return fail(row, 'redemption_reverted', 'the redemption ran but the wallet still holds the winning tokens (its call reverted); it is signed again on the next pass');
    }
    return finish(row, market, txHash);
  }

  /** Sends the committed payload (again, after a crash: the chain runs it at most once) and records the hash. */
  async function send(row: RedemptionRecord & { signedPayload: NonNullable<RedemptionRecord['signedPayload']> }): Promise<RedemptionRecord> {
    const sent = await deps.chain.submit(row.signedPayload);
    await deps.faultHook?.('after_submit');
    const txHash = sent.txHash ?? row.txHash;
    const at = now();
    if (sent.failed !== undefined) {
      // The relayer says it failed for good: it did not run, so the next pass signs afresh (same nonce, at most one runs).
      const patch = { status: 'failed', txHash, errorCode: 'redemption_relay_failed', errorMessage: `the relayer reported the redemption failed (${sent.failed}); it is signed again on the next pass`, updatedAt: at } as const;
      if (!(await deps.store.update(row.id, 'signed', patch))) return row;
      return { ...row, ...patch };
    }
    if (!(await deps.store.update(row.id, 'signed', { status: 'submitted', txHash, updatedAt: at }))) return row;
    if (txHash !== null) await deps.onSubmitted?.({ userId: row.userId, txHash, submittedAt: at });
    return { ...row, status: 'submitted', txHash, updatedAt: at };
  }

  async function signAndSend(row: RedemptionRecord, account: LiveAccount, tokenIds: readonly string[], market: MarketInfo): Promise<RedemptionOutcome> {
    const held = await deps.chain.balances(row.walletAddress, tokenIds);
    const proceeds = tokenIds.reduce((sum, t) => sum + Number((BigInt(held[t] ?? 0) * BigInt(payoutMicrosOf(market, t))) / 1_000_000n), 0);
    if (tokenIds.every((t) => (held[t] ?? 0) === 0)) {
      // Nothing left on the wallet (redeemed by hand or by Polymarket's AutoRedeemer): the pUSD is there already.
      return finish(row, market, null);
    }
    const signed = await deps.accounts.withSecrets(account, (secrets) => deps.chain.sign(account, secrets, { conditionId: row.conditionId, adapter: row.adapter }));
    const at = now();
    const committed = await deps.store.update(row.id, row.status, {
      status: 'signed',
      signedPayload: signed.payload,
      txHash: signed.txHash,
      proceedsMicros: proceeds,
      attempts: row.attempts + 1,
      errorCode: null,
      errorMessage: null,
      updatedAt: at,
    });
    if (!committed) return 'pending';
    await deps.faultHook?.('after_sign_commit');
    const sent = await send({ ...row, status: 'signed', signedPayload: signed.payload, txHash: signed.txHash, proceedsMicros: proceeds });
    return sent.status === 'failed' ? 'failed' : observe(sent, market);
  }

  /** What the chain says of a sent redemption decides: credited, still pending, re-sent, or failed. */
  async function observe(row: RedemptionRecord, market: MarketInfo): Promise<RedemptionOutcome> {
    const payload = row.signedPayload;
    if (payload === null) return 'pending';
    const seen = await deps.chain.state(payload, row.txHash);
    switch (seen.state) {
      case 'pending':
        return 'pending';
      case 'mined':
        if (!seen.succeeded) return fail(row, 'redemption_reverted', 'the redemption transaction reverted on chain; it is signed again on the next pass');
        return finishIfRedeemed(row, market, seen.txHash ?? row.txHash);
      case 'void':
        return fail(row, 'redemption_void', seen.reason);
      case 'not_sent':
        // Committed but never reached the chain (a crash before sending, or the node dropped it): the same payload again.
        if (row.status === 'submitted') {
          const at = now();
          if (!(await deps.store.update(row.id, 'submitted', { status: 'signed', updatedAt: at }))) return 'pending';
          row = { ...row, status: 'signed', updatedAt: at };
        }
        const resent = await send({ ...row, signedPayload: payload });
        return resent.status === 'failed' ? 'failed' : observeAfterSend(resent, market);
    }
  }

  async function observeAfterSend(row: RedemptionRecord, market: MarketInfo): Promise<RedemptionOutcome> {
    if (row.signedPayload === null) return 'pending';
    const seen = await deps.chain.state(row.signedPayload, row.txHash);
    if (seen.state === 'mined') return seen.succeeded ? finishIfRedeemed(row, market, seen.txHash ?? row.txHash) : fail(row, 'redemption_reverted', 'the redemption transaction reverted on chain');
    if (seen.state === 'void') return fail(row, 'redemption_void', seen.reason);
    return 'pending';
  }

  async function redeem(candidate: RedemptionCandidate): Promise<RedemptionOutcome> {
    const market = await deps.marketData.getMarket(candidate.conditionId);
    if (!isResolved(market)) return 'not_resolved';
    const account = await deps.accounts.accountFor(candidate.userId);
    if (account === undefined) return 'no_credential';
    if (!SUPPORTED_WALLET_TYPES.has(account.walletType)) return 'wallet_type_unsupported';
    // A Protocol V2 position market's tokens live in the PositionManager and redeem through the Router, not the CTF:
    // read on the CTF they would look already redeemed, and the ledger would be credited pUSD the wallet never got.
    if (market.exchange === 'v3') return 'position_market_unsupported';
    if (!(await deps.chain.payoutsReported(candidate.conditionId))) return 'awaiting_payouts';
    const adapter: RedemptionAdapter = market.exchange === 'neg_risk_v2' ? 'neg_risk' : 'ctf';
    const at = now();
    const row =
      (await deps.store.find(candidate.userId, account.funderAddress, candidate.conditionId)) ??
      (await deps.store.claim({
        id: newId('redemption'),
        userId: candidate.userId,
        credentialId: account.credentialId,
        walletType: account.walletType,
        walletAddress: account.funderAddress,
        conditionId: candidate.conditionId,
        adapter,
        status: 'claimed',
        signedPayload: null,
        txHash: null,
        proceedsMicros: null,
        creditedMicros: null,
        attempts: 0,
        errorCode: null,
        errorMessage: null,
        createdAt: at,
        updatedAt: at,
        redeemedAt: null,
      }));
    const tokenIds = market.outcomes.map((o) => o.tokenId);
    switch (row.status) {
      case 'claimed':
      case 'failed':
        return signAndSend(row, account, tokenIds, market);
      case 'signed':
      case 'submitted':
        return observe(row, market);
      case 'redeemed':
        // Redeemed, but a holder still shows the position (a crash between the chain and a bot's credit,
        // or shares bought after the redemption): credit what the ledger holds, once per redemption.
        await credit(row, market, row.txHash);
        return 'redeemed';
    }
  }

  return {
    redeem,
    /** One pass over every candidate; a failure of one market does not stop the others. */
    async runOnce(limit = 100): Promise<Record<RedemptionOutcome | 'error', number>> {
      const counts: Record<RedemptionOutcome | 'error', number> = { redeemed: 0, pending: 0, not_resolved: 0, awaiting_payouts: 0, no_credential: 0, wallet_type_unsupported: 0, position_market_unsupported: 0, failed: 0, error: 0 };
      for (const candidate of await deps.store.candidates(limit)) {
        try {
          counts[await redeem(candidate)] += 1;
        } catch {
          counts.error += 1;
        }
      }
      return counts;
    },
  };
}

export type Redemptions = ReturnType<typeof createRedemptions>;
