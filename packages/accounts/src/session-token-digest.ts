/**
 * Session tokens at rest: the `sessions.token` column holds only SHA-256(token), so a read of the
 * database (a backup, a replica, an injection) hands out no session. better-auth 1.7 has no option
 * for this (its tokens are looked up by value), so its database adapter is wrapped, in one place:
 *
 * - `create` of a session stores the digest and answers the row with the raw token, which is what
 *   better-auth signs into the cookie and the `set-auth-token` header;
 * - every `where` on `token` (eq, in, not_in, …) is compared against digests, and an update that sets
 *   `token` stores its digest;
 * - a row found by its token is answered with the token it was looked up by, so better-auth can
 *   refresh the cookie of the session it just resolved.
 *
 * Guarantees: no code path writes a raw token to `sessions.token`; a value read from that column,
 * presented as a token (bearer or signed cookie), is digested again and matches nothing.
 *
 * Known limitation: a session listed without its token (by user) carries the digest, which is not a
 * usable handle for better-auth's token-based routes (`/list-sessions`, `/revoke-session`,
 * `/revoke-other-sessions`); those routes are disabled (see `better-auth-instance.ts`) and sessions
 * are revoked by user or by id instead.
 *
 * SHA-256 without a salt is enough: a token is 32 random characters from a 62-letter alphabet
 * (~190 bits), so there is nothing to guess, and the lookup must stay by value.
 */
import { createHash } from 'node:crypto';
import type { drizzleAdapter } from 'better-auth/adapters/drizzle';

type AdapterFactory = ReturnType<typeof drizzleAdapter>;
type Adapter = ReturnType<AdapterFactory>;
type TransactionAdapter = Parameters<Parameters<Adapter['transaction']>[0]>[0];
type Where = Parameters<Adapter['findOne']>[0]['where'][number];

/** The form a session token is stored and looked up in. */
export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const isSessionModel = (model: string) => model === 'session' || model === 'sessions';

/** `where` with every token value digested, and digest → token to put the caller's token back on rows. */
function digestWhere(where: readonly Where[] | undefined): { where: Where[] | undefined; tokens: Map<string, string> } {
  const tokens = new Map<string, string>();
  if (where === undefined) return { where: undefined, tokens };
  const digested = where.map((clause) => {
    if (clause.field !== 'token') return clause;
    const digest = (value: unknown) => {
      if (typeof value !== 'string') return value;
      const d = sessionTokenDigest(value);
      tokens.set(d, value);
      return d;
    };
    const value = Array.isArray(clause.value) ? (clause.value as unknown[]).map(digest) : digest(clause.value);
    return { ...clause, value } as Where;
  });
  return { where: digested, tokens };
}

function restoreToken<T>(row: T, tokens: ReadonlyMap<string, string>): T {
  if (row === null || typeof row !== 'object') return row;
  const stored = (row as { token?: unknown }).token;
  if (typeof stored !== 'string') return row;
  const raw = tokens.get(stored);
  return raw === undefined ? row : ({ ...row, token: raw } as T);
}

function digestUpdate(update: Record<string, unknown>, tokens: Map<string, string>): Record<string, unknown> {
  if (typeof update.token !== 'string') return update;
  const d = sessionTokenDigest(update.token);
  tokens.set(d, update.token);
  return { ...update, token: d };
}

function wrap<A extends TransactionAdapter>(base: A): A {
  return {
    ...base,
    create: async (args) => {
      if (!isSessionModel(args.model)) return base.create(args);
      const data = args.data as Record<string, unknown>;
      if (typeof data.token !== 'string') return base.create(args);
      const tokens = new Map([[sessionTokenDigest(data.token), data.token]]);
      const row = await base.create({ ...args, data: { ...data, token: sessionTokenDigest(data.token) } as unknown as typeof args.data });
      return restoreToken(row, tokens);
    },
    findOne: async (args) => {
      if (!isSessionModel(args.model)) return base.findOne(args);
      const { where, tokens } = digestWhere(args.where);
      return restoreToken(await base.findOne({ ...args, where: where ?? [] }), tokens);
    },
    findMany: async (args) => {
      if (!isSessionModel(args.model)) return base.findMany(args);
      const { where, tokens } = digestWhere(args.where);
      const rows = await base.findMany({ ...args, where });
      return rows.map((row) => restoreToken(row, tokens));
    },
    count: async (args) => (isSessionModel(args.model) ? base.count({ ...args, where: digestWhere(args.where).where }) : base.count(args)),
    update: async (args) => {
      if (!isSessionModel(args.model)) return base.update(args);
      const { where, tokens } = digestWhere(args.where);
      return restoreToken(await base.update({ ...args, where: where ?? [], update: digestUpdate(args.update, tokens) }), tokens);
    },
    updateMany: async (args) => {
      if (!isSessionModel(args.model)) return base.updateMany(args);
      const { where, tokens } = digestWhere(args.where);
      return base.updateMany({ ...args, where: where ?? [], update: digestUpdate(args.update, tokens) });
    },
    delete: async (args) => (isSessionModel(args.model) ? base.delete({ ...args, where: digestWhere(args.where).where ?? [] }) : base.delete(args)),
    deleteMany: async (args) =>
      isSessionModel(args.model) ? base.deleteMany({ ...args, where: digestWhere(args.where).where ?? [] }) : base.deleteMany(args),
    consumeOne: async (args) => {
      if (!isSessionModel(args.model)) return base.consumeOne(args);
      const { where, tokens } = digestWhere(args.where);
      return restoreToken(await base.consumeOne({ ...args, where: where ?? [] }), tokens);
    },
    incrementOne: async (args) => {
      if (!isSessionModel(args.model)) return base.incrementOne(args);
      const { where, tokens } = digestWhere(args.where);
      return restoreToken(await base.incrementOne({ ...args, where: where ?? [] }), tokens);
    },
  } as A;
}

/** better-auth's adapter with session tokens stored as digests (see the header). */
export function withSessionTokenDigests(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const base = factory(options);
    const wrapped = wrap(base);
    // A transaction hands its callback another adapter (or, without real transactions, the unwrapped
    // base itself): wrap that too, or writes inside a transaction would store raw tokens.
    return { ...wrapped, transaction: (callback) => base.transaction((trx) => callback(wrap(trx))) } as Adapter;
  };
}
