import { ConfigError } from '@polymancer/core';

/** Runs a listen that must own its port; a port already taken is a clear configuration error, not a stack trace. */
export function listenExclusively<T>(listen: () => T, what: string): T {
  try {
    return listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`${what} is already in use (is another Polymancer running?); stop it or choose another port`, { cause: error });
    }
    throw error;
  }
}
