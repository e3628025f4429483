/**
 * Compiles the test contracts in `../contracts` with solc-js (the `solc` npm package, pinned; offline) and
 * returns each contract's ABI and runtime bytecode. The result is cached in memory and on disk (tmpdir, keyed
 * by the sources' and compiler's hash), so a second process starts without recompiling.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import solc from 'solc';
import type { Abi, Hex } from 'viem';

export interface CompiledContract {
  readonly abi: Abi;
  /** Runtime code (what `anvil_setCode` installs). */
  readonly deployedBytecode: Hex;
}

export type ContractName = 'TestToken' | 'CollateralRamp' | 'ConditionalTokens' | 'CollateralAdapter' | 'SettlementExchange' | 'DepositWallet' | 'DepositWalletFactory' | 'ProxyWallet' | 'ProxyWalletFactory' | 'RelayHub' | 'GnosisSafe' | 'SafeProxyFactory';

const CONTRACTS_DIR = new URL('../contracts/', import.meta.url).pathname;
let cached: Record<ContractName, CompiledContract> | undefined;

export function contractSources(): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: readFileSync(join(CONTRACTS_DIR, file), 'utf8') };
  }
  return sources;
}

export function compileContracts(): Record<ContractName, CompiledContract> {
  if (cached) return cached;
  const sources = contractSources();
  const input = {
    language: 'Solidity',
    sources,
    settings: { optimizer: { enabled: false }, outputSelection: { '*': { '*': ['abi', 'evm.deployedBytecode.object'] } } },
  };
  const key = createHash('sha256').update(solc.version()).update(JSON.stringify(input)).digest('hex').slice(0, 24);
  const cacheFile = join(tmpdir(), `polymancer-local-chain-${key}.json`);
  if (existsSync(cacheFile)) {
    cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<ContractName, CompiledContract>;
    return cached;
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { deployedBytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const out: Partial<Record<ContractName, CompiledContract>> = {};
  for (const file of Object.values(output.contracts)) {
    for (const [name, contract] of Object.entries(file)) {
      out[name as ContractName] = { abi: contract.abi, deployedBytecode: `0x${contract.evm.deployedBytecode.object}` };
    }
  }
  cached = out as Record<ContractName, CompiledContract>;
  // Write then rename: a concurrent reader never sees half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(cached));
  renameSync(partial, cacheFile);
  return cached;
}

export const SOLC_VERSION = (): string => solc.version();
