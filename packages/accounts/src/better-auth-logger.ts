/**
 * better-auth's own log lines, through the same redaction as ours: an Error argument is logged as
 * `errorForLog` renders it (a failed query's bound parameters withheld), a string loses any
 * `params: …` tail, and any other value (better-auth logs `where` clauses and request metadata that
 * can hold tokens or digests) is withheld. better-auth never writes to the console itself: its
 * unexpected errors are rethrown (`onAPIError.throw`) to the API, which logs and answers them.
 */
import { errorForLog, withoutQueryParameters, type Logger } from '@polymancer/observability';

type Level = 'debug' | 'info' | 'success' | 'warn' | 'error';

function loggable(value: unknown): unknown {
  if (value instanceof Error) return errorForLog(value);
  if (typeof value === 'string') return withoutQueryParameters(value).slice(0, 2_000);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  return '[value withheld]';
}

/** better-auth's `logger` option, writing to our pino logger (or nowhere without one). */
export function betterAuthLogger(logger: Logger | undefined) {
  if (logger === undefined) return { disabled: true };
  return {
    disabled: false,
    level: 'warn' as const,
    log: (level: Level, message: string, ...args: unknown[]) => {
      const fields = { component: 'better-auth', ...(args.length === 0 ? {} : { args: args.map(loggable) }) };
      const text = withoutQueryParameters(String(message)).slice(0, 2_000);
      if (level === 'error') logger.error(fields, text);
      else if (level === 'warn') logger.warn(fields, text);
      else if (level === 'debug') logger.debug(fields, text);
      else logger.info(fields, text);
    },
  };
}
