/**
 * Bot use cases: create, read, list, update, pause, resume, delete. Every function is scoped by
 * the caller's user id — another user's bot is `NotFoundError`, never a hint that it exists — and
 * every change is audited (`bot.created`, `bot.updated`, `bot.paused`, `bot.resumed`, `bot.deleted`).
 * A new bot starts paused with its paper balance equal to its starting balance.
 */
import { type Clock, ConflictError, InfrastructureError, newId, NotFoundError, utcDayOf, type ValidationError } from '@polymancer/core';
import { LlmStrategyUnavailableError } from '@polymancer/strategies';
import type { Bot, WatchedMarket } from '../model/bot.ts';
import { parseCreateBotInput, parseUpdateBotInput, validationError, type WatchedMarketInput } from '../model/bot-input.ts';
import type { MarketData, MarketOutcomeInfo } from '../market-data/market-data.ts';
import type { AuditPort, BotStore } from '../ports.ts';
import { nextUtcMidnight } from '../tick/daily-loss-stop.ts';
import { BotQuotaExceededError } from './bot-quota.ts';

/** A daily loss stop in force, as its owner sees it after changing whether exits are allowed. */
export interface DailyLossStopState {
  readonly botId: string;
  /** The UTC day (YYYY-MM-DD) the stop holds for. */
  readonly utcDay: string;
  readonly exitsAllowed: boolean;
  /** The next UTC midnight, when the stop lifts by itself. */
  readonly resumesAt: Date;
}

export interface BotServiceDeps {
  readonly store: BotStore;
  readonly audit: AuditPort;
  readonly clock: Clock;
  /** Whether an OpenRouter key is configured; LLM bots are refused without one. */
  readonly llmAvailable: boolean;
  /**
   * When given, watched markets are checked against the venue: the market must exist and each
   * token must be one of its outcomes; outcomes given by name are resolved to their token ids.
   * Without it only the formats are checked, and outcome names are refused.
   */
  readonly markets?: Pick<MarketData, 'getMarket'>;
  /**
   * Checked before a LIVE bot is resumed: throws (the unlock service's `LiveRequirementsUnmetError`)
   * while its user no longer meets every live requirement. Unset = live bots resume freely.
   */
  readonly liveBotMayRun?: (userId: string, botId: string) => Promise<void>;
  /** Most bots (not deleted) one user may have; unset = no limit. */
  readonly maxBotsPerUser?: number;
}

export interface BotService {
  create(userId: string, input: unknown): Promise<Bot>;
  get(userId: string, botId: string): Promise<Bot>;
  list(userId: string): Promise<Bot[]>;
  /**
   * Changes settings, never the status. `expectedVersion` (the HTTP `If-Match`) refuses the edit
   * with `ConflictError` unless the bot still has that version; an edit that raced another one is
   * refused the same way rather than overwriting it.
   */
  update(userId: string, botId: string, input: unknown, options?: { readonly expectedVersion?: number }): Promise<Bot>;
  pause(userId: string, botId: string): Promise<Bot>;
  resume(userId: string, botId: string): Promise<Bot>;
  delete(userId: string, botId: string): Promise<void>;
  /**
   * While the daily loss limit has stopped the bot (until the next UTC day), let it make
   * risk-reducing sells (`allow`, the default), or stop letting it; buys stay held either way.
   * `ConflictError` when the bot is not stopped today. Audited `bot.daily_loss_exits_allowed` /
   * `bot.daily_loss_exits_disallowed`.
   */
  allowExitsWhileStopped(userId: string, botId: string, allow?: boolean): Promise<DailyLossStopState>;
}

function orThrow<T>(r: { ok: true; value: T } | { ok: false; error: ValidationError }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

export function createBotService(deps: BotServiceDeps): BotService {
  const { store, audit, clock } = deps;
  const requireLlm = (kind: string) => {
    if (kind === 'llm' && !deps.llmAvailable) throw new LlmStrategyUnavailableError();
  };
  /**
   * Watched markets as stored: token ids checked against the venue (the market must exist and each
   * token be one of its outcomes), outcome names resolved to their token ids. Without a venue only
   * token ids are accepted (formats checked). A venue that is down is not "not found": it throws.
   */
  const resolveMarkets = async (inputs: readonly WatchedMarketInput[]): Promise<WatchedMarket[]> => {
    const catalogue = deps.markets;
    const issues: { path: string; message: string }[] = [];
    const resolved: WatchedMarket[] = [];
    for (const [i, m] of inputs.entries()) {
      const names = m.outcomes ?? (m.outcome === undefined ? undefined : [m.outcome]);
      const namePath = (j: number) => (m.outcome !== undefined ? `markets.${i}.outcome` : `markets.${i}.outcomes.${j}`);
      if (catalogue === undefined) {
        if (names === undefined) resolved.push({ conditionId: m.conditionId, tokenIds: m.tokenIds ?? [] });
        else issues.push({ path: namePath(0), message: 'outcome names need a market venue to look them up; give tokenIds' });
        continue;
      }
      let outcomes: readonly MarketOutcomeInfo[];
      try {
        outcomes = (await catalogue.getMarket(m.conditionId)).outcomes;
      } catch (error) {
        if (error instanceof InfrastructureError) throw error;
        issues.push({ path: `markets.${i}.conditionId`, message: `market ${m.conditionId} was not found` });
        continue;
      }
      if (names === undefined) {
        const tokenIds = m.tokenIds ?? [];
        for (const [j, t] of tokenIds.entries()) {
          if (!outcomes.some((o) => o.tokenId === t)) issues.push({ path: `markets.${i}.tokenIds.${j}`, message: `token ${t} is not an outcome of market ${m.conditionId}` });
        }
        resolved.push({ conditionId: m.conditionId, tokenIds });
        continue;
      }
      const tokenIds: string[] = [];
      for (const [j, name] of names.entries()) {
        // The venue's own spelling first; a different case only when it names one outcome.
        const exact = outcomes.filter((o) => o.outcome === name);
        const folded = outcomes.filter((o) => o.outcome.toLowerCase() === name.toLowerCase());
        const match = exact.length === 1 ? exact[0] : folded.length === 1 ? folded[0] : undefined;
        if (match === undefined) issues.push({ path: namePath(j), message: `"${name}" is not an outcome of market ${m.conditionId}; its outcomes are ${outcomes.map((o) => `"${o.outcome}"`).join(', ')}` });
        else tokenIds.push(match.tokenId);
      }
      resolved.push({ conditionId: m.conditionId, tokenIds });
    }
    if (issues.length > 0) throw validationError(issues);
    return resolved;
  };
  const load = async (userId: string, botId: string): Promise<Bot> => {
    const bot = await store.findForUser(userId, botId);
    if (bot === undefined) throw new NotFoundError('Bot', { details: { botId } });
    return bot;
  };
  const event = (userId: string, action: string, bot: Bot, details: Record<string, unknown> = {}) =>
    audit.record({ actorId: userId, actorType: 'user', action, subjectType: 'bot', subjectId: bot.id, details });
  const conflict = (botId: string) =>
    new ConflictError('The bot was changed by another request; read it again and retry the edit', { details: { botId } });
  const save = async (bot: Bot, expectedVersion: number, resetBalance: boolean): Promise<Bot> => {
    const outcome = await store.update(bot, { expectedVersion, resetBalance });
    if (outcome === 'not_found') throw new NotFoundError('Bot', { details: { botId: bot.id } });
    if (outcome === 'already_traded') throw traded();
    if (outcome === 'conflict') throw conflict(bot.id);
    return bot;
  };
  const setStatus = async (bot: Bot, status: Bot['status']): Promise<Bot> => {
    const at = clock.now();
    if (!(await store.setStatus(bot.userId, bot.id, status, at))) throw new NotFoundError('Bot', { details: { botId: bot.id } });
    return { ...bot, status, updatedAt: at };
  };
  const traded = () => validationError([{ path: 'startingBalanceMicros', message: 'the starting balance cannot change once the bot has traded' }]);

  return {
    async create(userId, input) {
      const v = orThrow(parseCreateBotInput(input));
      requireLlm(v.strategy.kind);
      const markets = await resolveMarkets(v.markets);
      const now = clock.now();
      const bot: Bot = {
        id: newId('bot'),
        userId,
        name: v.name,
        type: 'paper',
        status: 'paused',
        emergencyStopped: false,
        shadowMode: false,
        markets,
        strategy: v.strategy,
        intervalSecs: v.intervalSecs,
        startingBalanceMicros: v.startingBalanceMicros,
        paperBalanceMicros: v.startingBalanceMicros,
        risk: v.risk,
        feeModel: v.feeModel,
        realism: v.realism,
        firstPaperTradeAt: null,
        lastTickAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      if (deps.maxBotsPerUser === undefined) await store.insert(bot);
      else if (!(await store.insertWithinQuota(bot, deps.maxBotsPerUser))) throw new BotQuotaExceededError(deps.maxBotsPerUser);
      await event(userId, 'bot.created', bot, { name: bot.name, strategyKind: bot.strategy.kind, startingBalanceMicros: bot.startingBalanceMicros });
      return bot;
    },

    get: load,

    list: (userId) => store.listForUser(userId),

    async update(userId, botId, input, options = {}) {
      const v = orThrow(parseUpdateBotInput(input));
      const current = await load(userId, botId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) throw conflict(botId);
      if (v.strategy !== undefined) requireLlm(v.strategy.kind);
      const markets = v.markets === undefined ? undefined : await resolveMarkets(v.markets);
      let startingBalanceMicros = current.startingBalanceMicros;
      let paperBalanceMicros = current.paperBalanceMicros;
      if (v.startingBalanceMicros !== undefined && v.startingBalanceMicros !== current.startingBalanceMicros) {
        if (current.firstPaperTradeAt !== null) throw traded();
        startingBalanceMicros = v.startingBalanceMicros;
        paperBalanceMicros = v.startingBalanceMicros;
      }
      const next: Bot = {
        ...current,
        name: v.name ?? current.name,
        markets: markets ?? current.markets,
        strategy: v.strategy ?? current.strategy,
        intervalSecs: v.intervalSecs ?? current.intervalSecs,
        startingBalanceMicros,
        paperBalanceMicros,
        risk: { ...current.risk, ...definedOnly(v.risk ?? {}) },
        feeModel: v.feeModel ?? current.feeModel,
        realism: { ...current.realism, ...definedOnly(v.realism ?? {}) },
        version: current.version + 1,
        updatedAt: clock.now(),
      };
      await save(next, current.version, startingBalanceMicros !== current.startingBalanceMicros);
      await event(userId, 'bot.updated', next, { fields: Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined) });
      return next;
    },

    async pause(userId, botId) {
      const current = await load(userId, botId);
      if (current.status === 'paused') return current;
      const next = await setStatus(current, 'paused');
      await event(userId, 'bot.paused', next);
      return next;
    },

    async resume(userId, botId) {
      const current = await load(userId, botId);
      if (current.status === 'active') return current;
      if (current.type === 'live') await deps.liveBotMayRun?.(userId, botId);
      const next = await setStatus(current, 'active');
      await event(userId, 'bot.resumed', next);
      return next;
    },

    async allowExitsWhileStopped(userId, botId, allow = true) {
      const current = await load(userId, botId);
      const at = clock.now();
      const utcDay = utcDayOf(at);
      if (!(await store.allowExitsWhileStopped(userId, botId, utcDay, at, allow))) {
        throw new ConflictError('the bot is not stopped by its daily loss limit today', { details: { botId } });
      }
      await event(userId, allow ? 'bot.daily_loss_exits_allowed' : 'bot.daily_loss_exits_disallowed', current, { utcDay });
      return { botId, utcDay, exitsAllowed: allow, resumesAt: nextUtcMidnight(at) };
    },

    async delete(userId, botId) {
      const current = await load(userId, botId);
      if (!(await store.softDelete(userId, botId, clock.now()))) throw new NotFoundError('Bot', { details: { botId } });
      await event(userId, 'bot.deleted', current, { name: current.name });
    },
  };
}

/** Drops keys whose value is undefined, so a partial update never blanks a setting. */
function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
