/**
 * Pre-flight diagnosis (issue 20): gathers the facts core's `evaluatePreflight` judges — the
 * exchange's answer to an authenticated read with the bot owner's credential, the trading wallet on
 * chain, the market, the order (or the bot's configured trade), the bot's last refusal — and runs it.
 *
 * Used three ways: by the live tick before a bot's first live order and before any order that follows
 * a refusal (a blocking check holds the bot with the message; nothing is posted; the owner is notified
 * once per distinct hold, `bot.live_preflight_held`), right after a
 * refusal (recorded, so the owner sees the diagnosis at once), and by
 * `GET /api/v1/bots/:id/live-preflight` for any bot of the caller (also before going live).
 *
 * Every read failure becomes a fact ("not checked …", or the exchange unreachable), never an error:
 * a diagnosis always answers.
 */
import { evaluatePreflight, type ExchangeProbe, NotFoundError, type PreflightCheck, type PreflightFacts, type PreflightOrder, type PreflightResult, type PreflightWallet } from '@polymancer/core';
import type { MarketInfo } from '../market-data/market-data.ts';
import type { Bot } from '../model/bot.ts';
import type { BotStore } from '../ports.ts';
import type { ExchangeKind, LiveOrderRecord, LiveOrderStore } from './live-order.ts';
import type { LiveAccount, LiveAccountPort, LiveVenue, LiveWalletPort } from './ports.ts';

export const EXCHANGE_NAMES: Readonly<Record<ExchangeKind, string>> = {
  ctf_v2: 'CTF Exchange V2',
  neg_risk_v2: 'Neg Risk CTF Exchange V2',
  v3: 'Exchange V3',
};

export interface PreflightPorts {
  readonly accounts: LiveAccountPort;
  readonly venue: LiveVenue;
  readonly wallets?: LiveWalletPort | undefined;
}

/** Asks the exchange with the credential; a venue without `probeAccount` is asked the closed-only status. */
async function probe(ports: PreflightPorts, account: LiveAccount): Promise<ExchangeProbe> {
  try {
    return await ports.accounts.withSecrets(account, async (secrets) => {
      if (ports.venue.probeAccount !== undefined) return ports.venue.probeAccount(account, secrets);
      if (ports.venue.closedOnly !== undefined) return { kind: 'answered', closedOnly: await ports.venue.closedOnly(account, secrets) } as const;
      return { kind: 'unreachable', reason: 'this venue cannot be asked' } as const;
    });
  } catch (error) {
    return { kind: 'unreachable', reason: error instanceof Error ? error.name : 'no answer' };
  }
}

async function readWallet(ports: PreflightPorts, account: LiveAccount, exchange: ExchangeKind): Promise<PreflightWallet | { readonly error: string } | undefined> {
  if (ports.wallets === undefined) return undefined;
  try {
    return await ports.wallets.read({ walletType: account.walletType, signerAddress: account.signerAddress, funderAddress: account.funderAddress, exchange });
  } catch (error) {
    // No message: a chain client's errors may quote the RPC URL, which may carry a key.
    return { error: (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown') };
  }
}

/**
 * The code of the bot's last refusal by the exchange, when its last live order was refused with the
 * account as it is now: once the owner changed the wallet type or funder (imported the credential
 * again), that refusal says nothing about the new setup.
 */
export function lastRejectionOf(latest: LiveOrderRecord | undefined, account: LiveAccount | undefined): string | null {
  if (latest?.status !== 'rejected') return null;
  if (account !== undefined && (latest.walletType !== account.walletType || latest.makerAddress.toLowerCase() !== account.funderAddress.toLowerCase())) return null;
  return latest.rejectionCode;
}

/** Pre-flight runs before a bot's first live order and before any order that follows a refusal. */
export function preflightDue(latest: LiveOrderRecord | undefined): boolean {
  return latest === undefined || latest.status === 'rejected';
}

export function marketFacts(market: MarketInfo): NonNullable<PreflightFacts['market']> {
  return {
    acceptingOrders: market.acceptingOrders,
    closed: market.closed,
    tickSizeMicros: market.tickSizeMicros,
    minOrderSizeMicros: market.minOrderSizeMicros,
    exchangeName: EXCHANGE_NAMES[market.exchange ?? 'ctf_v2'],
  };
}

/** The diagnosis for one order on one market (the live tick's). */
export async function diagnoseOrder(
  ports: PreflightPorts,
  input: { readonly account: LiveAccount; readonly market: MarketInfo; readonly order: PreflightOrder; readonly lastRejectionCode: string | null },
): Promise<PreflightResult> {
  const [exchange, wallet] = await Promise.all([probe(ports, input.account), readWallet(ports, input.account, input.market.exchange ?? 'ctf_v2')]);
  return evaluatePreflight({ account: input.account, exchange, lastRejectionCode: input.lastRejectionCode, market: marketFacts(input.market), order: input.order, wallet });
}

const WALLET_CHECKS = new Set<PreflightCheck['id']>(['collateral', 'sell_approval', 'gas']);

/** Before every live order when the chain is configured: gas (where the wallet pays it) and pUSD balance and allowance for this trade, sell approval for a sell. */
export async function walletChecks(ports: PreflightPorts, input: { readonly account: LiveAccount; readonly market: MarketInfo; readonly order: PreflightOrder }): Promise<PreflightResult> {
  const wallet = await readWallet(ports, input.account, input.market.exchange ?? 'ctf_v2');
  const all = evaluatePreflight({ account: input.account, exchange: { kind: 'answered', closedOnly: false }, lastRejectionCode: null, market: marketFacts(input.market), order: input.order, wallet });
  const checks = all.checks.filter((c) => WALLET_CHECKS.has(c.id));
  return { ok: checks.every((c) => c.status !== 'block'), checks };
}

/** The bot's configured BUY: its strategy's order amount, capped by its maximum trade size; undefined when the strategy sets no fixed amount. */
export function configuredTrade(bot: Bot): PreflightOrder | undefined {
  const params = bot.strategy.params as { readonly orderAmountMicros?: number; readonly maxOrderAmountMicros?: number };
  const amount = params.orderAmountMicros ?? params.maxOrderAmountMicros;
  if (amount === undefined) return undefined;
  const capped = bot.risk.maxTradeSizeMicros === null ? amount : Math.min(amount, bot.risk.maxTradeSizeMicros);
  return { side: 'BUY', amountMicros: capped, costMicros: capped };
}

/** One check of a bot's diagnosis; market checks name their market. */
export type BotPreflightCheck = PreflightCheck & { readonly conditionId: string | null };

export interface BotPreflight {
  readonly botId: string;
  readonly ok: boolean;
  readonly checkedAt: Date;
  readonly checks: readonly BotPreflightCheck[];
}

const MARKET_CHECKS = new Set<PreflightCheck['id']>(['market_accepting_orders', 'order_size', 'collateral', 'sell_approval']);

export interface LivePreflightDeps extends PreflightPorts {
  readonly bots: Pick<BotStore, 'findForUser'>;
  readonly orders: Pick<LiveOrderStore, 'listForBot'>;
  readonly marketData: { getMarket(conditionId: string): Promise<MarketInfo> };
  readonly clock: { now(): Date };
}

/** `GET /api/v1/bots/:id/live-preflight`: the bot's diagnosis now, account checks once and market checks per watched market. */
export function createLivePreflight(deps: LivePreflightDeps) {
  return {
    async run(userId: string, botId: string): Promise<BotPreflight> {
      const bot = await deps.bots.findForUser(userId, botId);
      if (bot === undefined) throw new NotFoundError('Bot', { details: { botId } });
      const checkedAt = deps.clock.now();
      const account = await deps.accounts.accountFor(userId);
      const [latest] = await deps.orders.listForBot(botId, 1);
      const lastRejectionCode = lastRejectionOf(latest, account);
      const order = configuredTrade(bot);
      const exchange = account === undefined ? undefined : await probe(deps, account);
      const wallets = new Map<ExchangeKind, Awaited<ReturnType<typeof readWallet>>>();
      const checks: BotPreflightCheck[] = [];
      for (const [i, watched] of bot.markets.entries()) {
        let market: MarketInfo | undefined;
        let marketError: string | undefined;
        try {
          market = await deps.marketData.getMarket(watched.conditionId);
        } catch (error) {
          marketError = (error as { code?: string }).code ?? 'no answer';
        }
        const kind = market?.exchange ?? 'ctf_v2';
        if (account !== undefined && !wallets.has(kind)) wallets.set(kind, await readWallet(deps, account, kind));
        const result = evaluatePreflight({ account, exchange, lastRejectionCode, market: market === undefined ? undefined : marketFacts(market), marketError, order, wallet: wallets.get(kind) });
        for (const c of result.checks) {
          if (MARKET_CHECKS.has(c.id)) checks.push({ ...c, conditionId: watched.conditionId });
          else if (i === 0) checks.push({ ...c, conditionId: null });
        }
      }
      if (bot.markets.length === 0) checks.push(...evaluatePreflight({ account, exchange, lastRejectionCode, market: undefined, order, wallet: undefined }).checks.filter((c) => !MARKET_CHECKS.has(c.id)).map((c) => ({ ...c, conditionId: null })));
      return { botId, ok: checks.every((c) => c.status !== 'block'), checkedAt, checks };
    },
  };
}

export type LivePreflight = ReturnType<typeof createLivePreflight>;
