/**
 * Pre-flight diagnosis of a live bot (issue 20): the reasons real Polymarket orders fail
 * (ACCOUNTS.md §3), each judged from facts the caller read — the exchange's answer to an
 * authenticated call, the wallet on chain, the market, the order about to be placed, the last
 * refusal — into a check with what the user reads and the fix. Pure: no I/O, no clock.
 *
 * A fact the caller could not read makes its check `warn` ("not checked …"), never `ok`. Any `block`
 * means nothing may be posted.
 */
import { formatMicros } from '../money/decimal.ts';
import { checkCollateral } from './collateral.ts';
import { checkGasBalance } from './gas-balance.ts';

export type PreflightCheckId =
  | 'credential'
  | 'exchange_reachable'
  | 'api_key_bound'
  | 'wallet_setup'
  | 'deposit_wallet_flow'
  | 'closed_only'
  | 'market_accepting_orders'
  | 'order_size'
  | 'collateral'
  | 'sell_approval'
  | 'gas';

export type PreflightStatus = 'ok' | 'warn' | 'block';

export interface PreflightCheck {
  readonly id: PreflightCheckId;
  readonly status: PreflightStatus;
  /** What was found, in the user's terms. */
  readonly message: string;
  /** What to do about it; null when nothing is needed. */
  readonly fix: string | null;
}

export interface PreflightResult {
  /** No check blocks: an order may be posted. */
  readonly ok: boolean;
  readonly checks: readonly PreflightCheck[];
}

/** 0 EOA, 1 Polymarket proxy, 2 Gnosis Safe, 3 deposit wallet (POLY_1271). */
export type PreflightWalletType = 0 | 1 | 2 | 3;

export interface PreflightAccount {
  readonly walletType: PreflightWalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
}

/**
 * The exchange's answer to an authenticated (L2) read with the credential, e.g. the closed-only status:
 * it proves the exchange is reachable from this server, that the API key belongs to the signing address,
 * and tells whether the account is closed-only.
 */
export type ExchangeProbe =
  | { readonly kind: 'answered'; readonly closedOnly: boolean }
  /** 401: the API key, passphrase or secret does not belong to the signing address. */
  | { readonly kind: 'unauthorized' }
  /** 403: Cloudflare / geoblock — this server's IP may not trade. */
  | { readonly kind: 'forbidden'; readonly country?: string | undefined }
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface PreflightMarket {
  readonly acceptingOrders: boolean;
  readonly closed: boolean;
  readonly tickSizeMicros: number;
  readonly minOrderSizeMicros: number;
  /** The exchange contract this market's orders settle on, by name (e.g. `CTF Exchange V2`). */
  readonly exchangeName: string;
}

/** The order about to be placed (or, without one, the bot's configured trade). */
export interface PreflightOrder {
  readonly side: 'BUY' | 'SELL';
  /** BUY: pUSD spent; SELL: shares sold (micros). */
  readonly amountMicros: number;
  /** BUY: pUSD the order needs (notional + fee); SELL: 0. */
  readonly costMicros: number;
  /** The worst price accepted, when known. */
  readonly limitPriceMicros?: number | undefined;
}

/** The trading wallet read from the chain at one block. */
export interface PreflightWallet {
  /** The funder has contract code (a deployed proxy / Safe / deposit wallet). */
  readonly hasCode: boolean;
  readonly pusdMicros: bigint;
  /** pUSD allowance from the funder to this market's exchange. */
  readonly allowanceMicros: bigint;
  /** CTF `isApprovedForAll(funder, exchange)`; null when not known for this market kind. */
  readonly tokensApproved: boolean | null;
  /** POL (wei) of the account that pays gas (the signer of an EOA); null for gasless wallet types. */
  readonly gasWei: bigint | null;
}

export interface PreflightFacts {
  /** The active trading credential's public side; undefined = none imported. */
  readonly account: PreflightAccount | undefined;
  /** Undefined when the exchange could not be asked (no credential). */
  readonly exchange: ExchangeProbe | undefined;
  /** The stable code of this bot's last live refusal by the exchange, if its last order was refused. */
  readonly lastRejectionCode: string | null;
  /** Undefined = the market could not be read (`marketError` says why). */
  readonly market: PreflightMarket | undefined;
  readonly marketError?: string | undefined;
  readonly order: PreflightOrder | undefined;
  /** Undefined = no chain configured; `{ error }` = the read failed. */
  readonly wallet: PreflightWallet | { readonly error: string } | undefined;
}

const WALLET_NAMES: Readonly<Record<PreflightWalletType, string>> = { 0: 'EOA', 1: 'Polymarket proxy wallet', 2: 'Gnosis Safe', 3: 'deposit wallet' };

const ok = (id: PreflightCheckId, message: string): PreflightCheck => ({ id, status: 'ok', message, fix: null });
const warn = (id: PreflightCheckId, message: string, fix: string | null): PreflightCheck => ({ id, status: 'warn', message, fix });
const block = (id: PreflightCheckId, message: string, fix: string): PreflightCheck => ({ id, status: 'block', message, fix });

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function exchangeReachable(probe: ExchangeProbe): PreflightCheck {
  switch (probe.kind) {
    case 'answered':
    case 'unauthorized':
      return ok('exchange_reachable', "Polymarket's exchange answers this server.");
    case 'forbidden':
      return block(
        'exchange_reachable',
        `Polymarket's exchange refused this server (HTTP 403)${probe.country ? ` from ${probe.country}` : ''}: orders from this server's region are geoblocked.`,
        'Run Polymancer from a region Polymarket does not restrict (its servers are in eu-west-2; the closest unrestricted region is eu-west-1). https://polymarket.com/api/geoblock, asked from the server, shows what Polymarket sees.',
      );
    case 'unreachable':
      return block(
        'exchange_reachable',
        `Polymarket's exchange did not answer this server's authenticated request (${probe.reason}).`,
        "Check the server's network and POLYMARKET_CLOB_URL, and Polymarket's status; the bot checks again on its next tick.",
      );
  }
}

function apiKeyBound(account: PreflightAccount, probe: ExchangeProbe, lastRejectionCode: string | null): PreflightCheck {
  if (probe.kind === 'unauthorized') {
    return block(
      'api_key_bound',
      `The exchange refused the API key for the signing address ${account.signerAddress}: the key belongs to another address ("the order signer address has to be the address of the API KEY").`,
      'Derive the API key with the signing key of this credential (L1 auth from the signer address) and import the credential again.',
    );
  }
  if (probe.kind !== 'answered') return warn('api_key_bound', 'Not checked: the exchange did not answer.', null);
  if (lastRejectionCode === 'api_key_address_mismatch') {
    return warn(
      'api_key_bound',
      'The API key authenticates, but the last order was refused with "the order signer address has to be the address of the API KEY".',
      account.walletType === 3
        ? 'A deposit wallet signs orders as the wallet: use API credentials minted in Polymarket (Settings → API Keys) for this account, or ask Polymarket support to whitelist the key.'
        : 'Derive the API key with the signing key of this credential and import the credential again.',
    );
  }
  return ok('api_key_bound', `The API key belongs to the signing address ${account.signerAddress}.`);
}

function walletSetup(account: PreflightAccount, wallet: PreflightFacts['wallet'], lastRejectionCode: string | null): PreflightCheck {
  const kind = WALLET_NAMES[account.walletType];
  if (account.walletType === 0 && !same(account.funderAddress, account.signerAddress)) {
    return block(
      'wallet_setup',
      `Wallet type 0 (EOA) trades from the signing address itself, but the funder is ${account.funderAddress}.`,
      `Set the funder to ${account.signerAddress}, or choose the wallet type of the wallet that holds the funds (1 proxy, 2 Safe, 3 deposit wallet).`,
    );
  }
  if (account.walletType !== 0 && same(account.funderAddress, account.signerAddress)) {
    return block(
      'wallet_setup',
      `Wallet type ${account.walletType} (${kind}) trades from a wallet the signing key controls, but the funder is the signing address itself.`,
      'Set the funder to the wallet address Polymarket shows for the account (its deposit address), or choose wallet type 0 (EOA).',
    );
  }
  if (lastRejectionCode === 'maker_not_allowed') {
    return block(
      'wallet_setup',
      'The last order was refused with "maker address not allowed": the funder is not a wallet the signing key controls.',
      'Check the wallet type and funder address of the credential (the funder is the address Polymarket shows for the account) and import it again.',
    );
  }
  if (account.walletType !== 0 && wallet !== undefined && !('error' in wallet) && !wallet.hasCode) {
    return block(
      'wallet_setup',
      `The funder ${account.funderAddress} has no contract on chain: no ${kind} is deployed there.`,
      'Check the funder address: it is the wallet Polymarket shows for the account. A new deposit wallet is deployed by Polymarket on first use (log in to Polymarket once).',
    );
  }
  return ok('wallet_setup', `Wallet type ${account.walletType} (${kind}) with funder ${account.funderAddress}.`);
}

function depositWalletFlow(account: PreflightAccount, lastRejectionCode: string | null): PreflightCheck {
  if (lastRejectionCode === 'deposit_wallet_required' && account.walletType !== 3) {
    return block(
      'deposit_wallet_flow',
      'Polymarket refused the last order with "maker address not allowed, please use the deposit wallet flow": this account must trade through its deposit wallet.',
      'Import the credential again with wallet type 3 (deposit wallet) and the deposit wallet as funder.',
    );
  }
  if (account.walletType === 3) return ok('deposit_wallet_flow', 'The account trades through its deposit wallet (POLY_1271).');
  return ok(
    'deposit_wallet_flow',
    `Wallet type ${account.walletType} (${WALLET_NAMES[account.walletType]}) is accepted for this account so far; accounts created since 2026-05-04 must trade through a deposit wallet (type 3).`,
  );
}

function closedOnly(probe: ExchangeProbe, order: PreflightOrder | undefined): PreflightCheck {
  if (probe.kind !== 'answered') return warn('closed_only', 'Not checked: the exchange did not answer.', null);
  if (!probe.closedOnly) return ok('closed_only', 'The account may open positions.');
  const message = 'Your Polymarket account is in closed-only mode: it may only close positions.';
  const fix = 'The bot only sells until Polymarket lifts the restriction; contact Polymarket support about the account.';
  return order?.side === 'SELL' ? warn('closed_only', message, fix) : block('closed_only', message, fix);
}

function marketAccepting(market: PreflightMarket | undefined, marketError: string | undefined): PreflightCheck {
  if (market === undefined) return block('market_accepting_orders', `The market could not be read${marketError ? ` (${marketError})` : ''}.`, 'The bot checks again on its next tick; if it persists, check the market still exists on Polymarket.');
  if (market.closed) return block('market_accepting_orders', 'The market is closed: it accepts no orders.', 'Remove the market from the bot, or pick another market.');
  if (!market.acceptingOrders) return block('market_accepting_orders', 'Polymarket is not accepting orders on this market ("the market is not yet ready to process new orders").', 'Wait until the market accepts orders, or pick another market.');
  return ok('market_accepting_orders', 'The market accepts orders.');
}

/** Amount precision of a market order (V2.md §7): a BUY spends whole cents, a SELL sells hundredths of a share. */
const CENT_MICROS = 10_000;
/** A marketable BUY spends at least $1 (the exchange: "min size: $1"). */
export const MIN_MARKET_BUY_MICROS = 1_000_000;

function orderSize(market: PreflightMarket | undefined, order: PreflightOrder | undefined): PreflightCheck {
  if (order === undefined) return warn('order_size', 'Not checked: the bot has no configured trade size (its strategy sets each amount).', null);
  const sent = Math.floor(order.amountMicros / CENT_MICROS) * CENT_MICROS;
  if (order.side === 'BUY') {
    if (sent < MIN_MARKET_BUY_MICROS) {
      return block(
        'order_size',
        `The trade spends $${formatMicros(order.amountMicros)}${sent !== order.amountMicros ? ` (sent as $${formatMicros(sent, 2)} at the exchange's precision of whole cents)` : ''}, under Polymarket's minimum of $1 for a market buy.`,
        "Raise the bot's order amount to at least $1.",
      );
    }
  } else if (sent <= 0) {
    return block('order_size', `The trade sells ${formatMicros(order.amountMicros)} shares, under the exchange's precision of 0.01 shares.`, 'Sell at least 0.01 shares.');
  } else if (market !== undefined && sent < market.minOrderSizeMicros) {
    return warn('order_size', `The trade sells ${formatMicros(sent)} shares, under the market's minimum order size of ${formatMicros(market.minOrderSizeMicros)} shares.`, 'Sell at least the minimum order size.');
  }
  if (market !== undefined && order.limitPriceMicros !== undefined) {
    const tick = market.tickSizeMicros;
    if (order.limitPriceMicros < tick || order.limitPriceMicros > 1_000_000 - tick || order.limitPriceMicros % tick !== 0) {
      return block(
        'order_size',
        `The order's price ${formatMicros(order.limitPriceMicros)} is not on the market's tick of ${formatMicros(tick)} between ${formatMicros(tick)} and ${formatMicros(1_000_000 - tick)}.`,
        "Set the bot's prices on the market's tick.",
      );
    }
  }
  const unit = order.side === 'BUY' ? `$${formatMicros(sent, 2)}` : `${formatMicros(sent)} shares`;
  if (sent !== order.amountMicros) {
    return warn('order_size', `The trade is sent as ${unit}: the exchange takes a market order's amount to 2 decimals.`, "Set the bot's order amount in whole cents to trade exactly what it says.");
  }
  return ok('order_size', `The trade of ${unit} is expressible at the market's precision and above its minimum.`);
}

function notChecked(id: PreflightCheckId, wallet: PreflightFacts['wallet']): PreflightCheck | undefined {
  if (wallet === undefined) return warn(id, 'Not checked on chain (no Polygon RPC is configured); the exchange checks it when the order is posted.', 'Set POLYGON_RPC_URL to check the wallet before orders are posted.');
  if ('error' in wallet) return warn(id, `Not checked: the wallet could not be read from the chain (${wallet.error}).`, null);
  return undefined;
}

function collateral(market: PreflightMarket | undefined, order: PreflightOrder | undefined, wallet: PreflightFacts['wallet'], funder: string): PreflightCheck {
  const unread = notChecked('collateral', wallet);
  if (unread !== undefined) return unread;
  const w = wallet as PreflightWallet;
  const exchangeName = market?.exchangeName ?? 'exchange';
  if (order === undefined || order.side === 'SELL') {
    if (w.allowanceMicros === 0n) {
      return warn('collateral', `${funder} has not approved pUSD for the ${exchangeName}: buys fail with "not enough balance / allowance".`, 'Enable trading on Polymarket (it sets the approvals).');
    }
    return ok('collateral', `The trading wallet holds $${formatMicros(Number(w.pusdMicros))} pUSD and has approved the ${exchangeName}.`);
  }
  const verdict = checkCollateral({ side: 'BUY', costMicros: order.costMicros, balanceMicros: w.pusdMicros, allowanceMicros: w.allowanceMicros, exchangeName: `${exchangeName}` });
  if (verdict.ok) return ok('collateral', `The trading wallet's pUSD balance and allowance to the ${exchangeName} cover the trade's $${formatMicros(order.costMicros)}.`);
  const fix =
    verdict.code === 'insufficient_collateral_balance'
      ? `Deposit pUSD to the trading wallet ${funder} (USDC.e must be wrapped into pUSD — Polymarket does it when you open its deposit page).`
      : `Enable trading on Polymarket so the wallet approves pUSD to the ${exchangeName}; without it orders fail with "not enough balance / allowance".`;
  return block('collateral', `${verdict.reason[0]?.toUpperCase() ?? ''}${verdict.reason.slice(1)}.`, fix);
}

function sellApproval(market: PreflightMarket | undefined, order: PreflightOrder | undefined, wallet: PreflightFacts['wallet'], funder: string): PreflightCheck {
  const unread = notChecked('sell_approval', wallet);
  if (unread !== undefined) return unread;
  const w = wallet as PreflightWallet;
  const exchangeName = market?.exchangeName ?? 'exchange';
  if (w.tokensApproved === null) return warn('sell_approval', `Not checked: outcome-token approval is not read for the ${exchangeName}.`, null);
  if (w.tokensApproved) return ok('sell_approval', `Outcome tokens of the trading wallet are approved for the ${exchangeName}.`);
  const message = `Outcome tokens of ${funder} are not approved for the ${exchangeName}: sells fail until they are.`;
  const fix = 'Enable trading on Polymarket (it sets the outcome-token approval, setApprovalForAll, for the exchanges).';
  return order?.side === 'SELL' ? block('sell_approval', message, fix) : warn('sell_approval', message, fix);
}

function gas(account: PreflightAccount, wallet: PreflightFacts['wallet']): PreflightCheck {
  if (account.walletType !== 0) return ok('gas', `Gasless: Polymarket's relayer pays gas for a ${WALLET_NAMES[account.walletType]}.`);
  const unread = notChecked('gas', wallet);
  if (unread !== undefined) return unread;
  const w = wallet as PreflightWallet;
  if (w.gasWei === null) return warn('gas', 'Not checked: the signer\'s POL balance was not read.', null);
  const verdict = checkGasBalance({ walletPaysGas: true, polBalanceWei: w.gasWei });
  const fix = `Send POL to the signer ${account.signerAddress}: an EOA pays its own gas for approvals and redemptions.`;
  if (!verdict.ok) return block('gas', `${verdict.reason[0]?.toUpperCase() ?? ''}${verdict.reason.slice(1)}.`, fix);
  const low = verdict.warnings[0];
  if (low !== undefined) return warn('gas', `${low.message[0]?.toUpperCase() ?? ''}${low.message.slice(1)}.`, fix);
  return ok('gas', 'The signer holds enough POL for gas.');
}

/** Every check, in the order a user fixes them: reach the exchange, authenticate, the wallet, the market, the order. */
export function evaluatePreflight(facts: PreflightFacts): PreflightResult {
  const { account, exchange } = facts;
  if (account === undefined) {
    const checks = [block('credential', 'No valid trading credential: the bot cannot sign orders.', 'Import a credential (wallet, API key) on the Credentials screen.')];
    return { ok: false, checks };
  }
  const probe: ExchangeProbe = exchange ?? { kind: 'unreachable', reason: 'not asked' };
  const checks: PreflightCheck[] = [
    ok('credential', `A trading credential for ${account.signerAddress} is imported.`),
    exchangeReachable(probe),
    apiKeyBound(account, probe, facts.lastRejectionCode),
    walletSetup(account, facts.wallet, facts.lastRejectionCode),
    depositWalletFlow(account, facts.lastRejectionCode),
    closedOnly(probe, facts.order),
    marketAccepting(facts.market, facts.marketError),
    orderSize(facts.market, facts.order),
    collateral(facts.market, facts.order, facts.wallet, account.funderAddress),
    sellApproval(facts.market, facts.order, facts.wallet, account.funderAddress),
    gas(account, facts.wallet),
  ];
  return { ok: checks.every((c) => c.status !== 'block'), checks };
}

/** The blocking checks as the one line a held bot records: "message — fix" each. */
export function preflightBlockReason(result: PreflightResult): string {
  return result.checks
    .filter((c) => c.status === 'block')
    .map((c) => `${c.message} Fix: ${c.fix}`)
    .join(' ');
}
