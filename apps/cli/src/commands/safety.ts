/**
 * Operator commands for live trading's emergencies (issue 20): freeze / resume-trading a user,
 * emergency-stop a bot, close all of a bot's positions, list and resume circuit breakers. They open the configured database directly
 * (with embedded PGlite they take the data-folder lock, so they refuse while `start` runs; with PostgreSQL, any time), act through the
 * same safety service as the API, and are audited as the operator `cli:<OS user>`.
 */
import { userInfo } from 'node:os';
import { createAuditLog } from '@polymancer/audit';
import { createLiquidator, type LiveAccountPort } from '@polymancer/bots';
import { type Config, loadConfig } from '@polymancer/config';
import type { CredentialVault } from '@polymancer/credentials';
import { type BreakerName, breakerNames, formatMicros, systemClock } from '@polymancer/core';
import { createAuditStore, createBreakerStore, createEmergencyStore, createLiquidationStore, createLiveOrderStore, createNotificationStore, createTickStore, type DatabaseHandle } from '@polymancer/db';
import { mailDomainOf } from '@polymancer/mail';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createLogger } from '@polymancer/observability';
import { createPolymarketLiveVenue, createPolymarketMarketData, signingEnvironment } from '@polymancer/polymarket';
import { createBreakers, createEmergency } from '@polymancer/safety';
import { createVault, credentialKeyRingFrom, exchangeFrom } from '@polymancer/worker';
import { openCommandDatabase } from '../open-configured-database.ts';

export const freezeHelp = `Usage: polymancer freeze <user-id> --reason "<why>"

Freezes all of a user's trading: from now no tick or order of theirs passes, ticks already queued
included. Audited (user.trading.frozen, operator cli:<you>); the user is notified.`;

export const resumeTradingHelp = `Usage: polymancer resume-trading <user-id> --reason "<why>"

Lifts a user's trading freeze. Audited (user.trading.resumed); the user is notified.`;

export const emergencyStopHelp = `Usage: polymancer emergency-stop <bot-id> --reason "<why>"

Pauses the bot and marks it emergency-stopped with the reason and time; no tick of it passes while
marked. Audited (bot.emergency_stopped); the owner is notified.`;

export const closeAllPositionsHelp = `Usage: polymancer close-all-positions <bot-id> --reason "<why>"

Emergency-stops the bot, then sells every holding at market into the book (fill-or-kill when the
bids cover it; otherwise what the bids take, the rest reported as still held). Paper bots sell
through the paper engine; live bots through the live order path with the owner's credential.
Books come from POLYMARKET_CLOB_URL, or the local exchange \`start\` runs (CLOB_SIM_PORT).
Prints each holding's result and the liquidation P&L (reported apart from trading P&L).
Audited (bot.liquidation.requested, bot.liquidated, operator cli:<you>); the owner is notified
with the results. Exits 0 when everything was sold, 4 when something is still held.`;

export const breakersHelp = `Usage: polymancer breakers

Lists the circuit breakers over all live trading (${breakerNames.join(', ')}): open or closed,
since when, why, and who resumed them last.`;

export const resumeBreakerHelp = `Usage: polymancer resume-breaker <${breakerNames.join('|')}> [--reason "<why>"]

Closes an open circuit breaker so live trading resumes; counting starts again from now.
Audited (circuit_breaker.resumed). Exits 1 when the breaker is not open.`;

interface Parsed {
  readonly positional: readonly string[];
  readonly reason: string | undefined;
}

function parse(args: readonly string[]): Parsed {
  const positional: string[] = [];
  let reason: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--reason') reason = args[++i];
    else if (a.startsWith('--reason=')) reason = a.slice('--reason='.length);
    else positional.push(a);
  }
  return { positional, reason: reason?.trim() === '' ? undefined : reason };
}

async function withSafety<T>(run: (safety: ReturnType<typeof services>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { handle: database } = await openCommandDatabase(config, { migrate: false });
  try {
    return await run(services(database, config));
  } finally {
    await database.close();
  }
}

function services(database: DatabaseHandle, config: Config) {
  const clock = systemClock;
  const db = database.db;
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  // Notifications go to the outbox; the running worker delivers them.
  const notifications = createNotificationService({ store: createNotificationStore(db), clock, messageIdDomain: mailDomainOf(config.mail.from) });
  const breakers = createBreakers({ store: createBreakerStore(db), audit, clock });
  // "Close all positions": the configured exchange, else the local one `start` serves on CLOB_SIM_PORT.
  const exchange = exchangeFrom(config, `http://127.0.0.1:${config.clobSim.port}`);
  const signing = signingEnvironment(config.exchangeEnvironment);
  // The credential vault only when a live bot is liquidated (its key ring is read then).
  let vault: CredentialVault | undefined;
  const liveAccounts = () => {
    vault ??= createVault({ db, clobUrl: exchange.clobUrl, rpcUrl: config.polygonRpcUrl, signing, keyRing: credentialKeyRingFrom(config), audit, notifier: notifierFor(notifications), clock, logger: createLogger({ level: config.logLevel }) });
    return vault.liveAccounts;
  };
  const accounts: LiveAccountPort = { accountFor: (userId) => liveAccounts().accountFor(userId), withSecrets: (account, fn) => liveAccounts().withSecrets(account, fn) };
  const liquidator = createLiquidator({
    store: createTickStore(db, clock),
    liquidations: createLiquidationStore(db),
    marketData: createPolymarketMarketData(exchange),
    clock,
    live: { accounts, venue: createPolymarketLiveVenue({ clobUrl: exchange.clobUrl, chainId: signing.chainId, timeoutMs: config.liveExchangeTimeoutMs }), orders: createLiveOrderStore(db), breakers },
  });
  return {
    breakers,
    emergency: createEmergency({ store: createEmergencyStore(db), audit, clock, notifier: notifierFor(notifications), liquidator }),
  };
}

const operator = () => ({ kind: 'operator' as const, operatorId: null, via: 'cli' as const, cliUser: userInfo().username });

function usageError(help: string, problem: string): number {
  console.error(`${problem}\n\n${help}`);
  return 2;
}

function needs(args: readonly string[], help: string): { id: string; reason: string } | number {
  const { positional, reason } = parse(args);
  if (positional.length !== 1) return usageError(help, 'expected exactly one id');
  if (reason === undefined) return usageError(help, 'a --reason is required (it is kept on the record and shown to the user)');
  return { id: positional[0]!, reason };
}

export async function freezeCommand(args: string[], frozen = true): Promise<number> {
  const input = needs(args, frozen ? freezeHelp : resumeTradingHelp);
  if (typeof input === 'number') return input;
  const r = await withSafety((s) => s.emergency.setTradingFrozen(operator(), input.id, frozen, input.reason));
  console.log(`${r.userId}: trading ${r.frozen ? 'frozen' : 'resumed'}${r.changed ? '' : ' (it already was)'}`);
  return 0;
}

export async function emergencyStopCommand(args: string[]): Promise<number> {
  const input = needs(args, emergencyStopHelp);
  if (typeof input === 'number') return input;
  const bot = await withSafety((s) => s.emergency.emergencyStop(operator(), input.id, input.reason));
  console.log(`${bot.id}: emergency-stopped at ${bot.emergencyStoppedAt?.toISOString()} (${bot.emergencyStoppedReason}); status ${bot.status}`);
  return 0;
}

const usd = (micros: number) => `${micros < 0 ? '-' : ''}$${formatMicros(Math.abs(micros), 2)}`;
const shares = (micros: number) => formatMicros(micros, 2);

export async function closeAllPositionsCommand(args: string[]): Promise<number> {
  const input = needs(args, closeAllPositionsHelp);
  if (typeof input === 'number') return input;
  const run = await withSafety((s) => s.emergency.closeAllPositions(operator(), input.id, input.reason));
  console.log(`${run.botId}: emergency-stopped; liquidation ${run.id} ${run.status}`);
  for (const h of run.results) {
    const left = h.remainingSharesMicros > 0 ? `, ${shares(h.remainingSharesMicros)} still held` : '';
    const why = h.code === null ? '' : ` (${h.code}: ${h.reason ?? ''})`;
    console.log(
      h.status === 'not_sold'
        ? `  ${h.tokenId} ${h.outcome}: not sold, ${shares(h.remainingSharesMicros)} still held${why}`
        : `  ${h.tokenId} ${h.outcome}: sold ${shares(h.soldSharesMicros)} for ${usd(h.proceedsMicros)}, P&L ${usd(h.pnlMicros)}${left}${why}`,
    );
  }
  console.log(`proceeds ${usd(run.proceedsMicros)}, fees ${usd(run.feesMicros)}, liquidation P&L ${usd(run.liquidationPnlMicros)}`);
  return run.status === 'completed' ? 0 : 4;
}

export async function breakersCommand(): Promise<number> {
  const states = await withSafety((s) => s.breakers.status());
  for (const b of states) {
    const since = b.open ? ` since ${b.openedAt?.toISOString()}: ${b.reason}` : b.resumedAt === null ? '' : ` (resumed ${b.resumedAt.toISOString()} by ${b.resumedBy})`;
    console.log(`${b.name}: ${b.open ? 'OPEN' : 'closed'}${since}`);
  }
  return states.some((b) => b.open) ? 3 : 0;
}

export async function resumeBreakerCommand(args: string[]): Promise<number> {
  const { positional, reason } = parse(args);
  const name = positional[0];
  if (positional.length !== 1 || !breakerNames.includes(name as BreakerName)) return usageError(resumeBreakerHelp, `expected one breaker name: ${breakerNames.join(' or ')}`);
  const b = await withSafety((s) => s.breakers.resume(operator(), name as BreakerName, reason ?? null));
  console.log(`${b.name}: closed; live trading resumes (counting restarts at ${b.resumedAt?.toISOString()})`);
  return 0;
}
