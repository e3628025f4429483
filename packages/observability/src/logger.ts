import pino, { type Logger } from 'pino';
import { secretLogPaths } from '@polymancer/config';

export type { Logger };

/** JSON logs to stdout; secret-looking paths are censored wherever they appear. */
export function createLogger(options: { level: string; name?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'polymancer',
      redact: { paths: secretLogPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
