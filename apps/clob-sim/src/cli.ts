/** `polymancer sim` flags: --port N [--seed S] [--replay DIR] [--chain-id ID] [--rpc URL] [--host H]. */
import type { ClobSimOptions } from './index.ts';

export type ParsedSimArgs = { ok: true; options: ClobSimOptions; rpcUrl: string | undefined } | { ok: false; error: string };

export function parseSimArgs(argv: readonly string[]): ParsedSimArgs {
  const options: { -readonly [K in keyof ClobSimOptions]: ClobSimOptions[K] } = {};
  let rpcUrl: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = (name: string): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);
    switch (flag) {
      case '--port':
      case '--seed':
      case '--chain-id': {
        const n = int(flag);
        if (n === undefined) return { ok: false, error: `${flag} needs a non-negative integer` };
        if (flag === '--port') options.port = n;
        else if (flag === '--seed') options.seed = n;
        else options.chainId = n;
        i += 1;
        break;
      }
      case '--replay':
        if (!value) return { ok: false, error: '--replay needs a folder' };
        options.replayDir = value;
        i += 1;
        break;
      case '--host':
        if (!value) return { ok: false, error: '--host needs a hostname' };
        options.hostname = value;
        i += 1;
        break;
      case '--rpc':
        if (!value) return { ok: false, error: '--rpc needs a URL' };
        rpcUrl = value;
        i += 1;
        break;
      default:
        return { ok: false, error: `unknown flag ${flag}` };
    }
  }
  return { ok: true, options, rpcUrl };
}
