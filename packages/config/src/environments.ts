/**
 * Exchange environments (issue 20 "Environments"): the CLOB, Gamma, relayer and RPC hosts, the chain
 * id and the contract addresses, named together so a deployment points at one consistent venue.
 * Polymarket has no public V2 testnet (ACCOUNTS.md §1.13): the rehearsal is the local exchange (+ anvil),
 * then a graduated rollout on mainnet.
 *
 * - `local`: the local exchange `start` runs (clob-sim, its own Gamma routes); contracts are the ones it
 *   deploys on its chain (known only once it runs), or none (ledger-only).
 * - `custom`: any host speaking Polymarket's protocol (a staging or pre-production CLOB, a shared local
 *   exchange); POLYMARKET_CLOB_URL required; chain id and contracts given (default: Polygon's).
 * - `preproduction`: Polymarket's internal pre-production hosts, on chain 137 with the production contracts.
 * - `mainnet`: Polymarket on Polygon (chain 137), with Polymarket's contract addresses (V2.md §4, ACCOUNTS.md §1.10, §1.12).
 * - `auto` (default): `custom` when POLYMARKET_CLOB_URL is set, else `local` — what the settings meant before profiles.
 *
 * Validated at start: a profile's fixed hosts cannot be overridden by a stray URL (that is `custom`), a
 * live venue needs an RPC, and every address is a 20-byte hex address.
 */
export type EnvironmentName = 'local' | 'custom' | 'preproduction' | 'mainnet';

export interface ContractAddresses {
  readonly collateral: string;
  readonly conditionalTokens: string;
  readonly exchangeV2: string;
  readonly negRiskExchangeV2: string;
  readonly exchangeV3: string;
  readonly negRiskAdapter: string;
  readonly ctfCollateralAdapter: string;
  readonly negRiskCtfCollateralAdapter: string;
  readonly depositWalletFactory: string;
}

export interface ExchangeEnvironment {
  readonly name: EnvironmentName;
  /** undefined = the local exchange `start` runs. */
  readonly clobUrl: string | undefined;
  /** undefined = the local exchange's Gamma routes. */
  readonly gammaUrl: string | undefined;
  readonly relayerUrl: string | undefined;
  readonly rpcUrl: string | undefined;
  /** undefined = whatever chain the local exchange runs on. */
  readonly chainId: number | undefined;
  /** undefined = deployed by the local exchange on its chain (or none). */
  readonly contracts: ContractAddresses | undefined;
}

/** Polymarket's contracts on Polygon (chain 137). */
export const POLYGON_CONTRACTS: ContractAddresses = {
  collateral: '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB',
  conditionalTokens: '0x4D97DCd97eC945f40cF65F87097ACe5EA0476045',
  exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
  negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
  exchangeV3: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa',
  negRiskAdapter: '0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296',
  ctfCollateralAdapter: '0xAdA100Db00Ca00073811820692005400218FcE1f',
  negRiskCtfCollateralAdapter: '0xadA2005600Dec949baf300f4C6120000bDB6eAab',
  depositWalletFactory: '0x00000000000Fb5C9ADea0298D729A0CB3823Cc07',
};

const hosted = {
  mainnet: { clobUrl: 'https://clob.polymarket.com', gammaUrl: 'https://gamma-api.polymarket.com', relayerUrl: 'https://relayer-v2.polymarket.com' },
  preproduction: { clobUrl: 'https://clob-preprod-int-v2.polymarket.com', gammaUrl: 'https://gamma-api-preprod-int.polymarket.com', relayerUrl: 'https://relayer-v2-preprod-int.polymarket.com' },
} as const;

export interface EnvironmentInput {
  readonly environment: 'auto' | EnvironmentName;
  readonly clobUrl: string | undefined;
  readonly gammaUrl: string | undefined;
  readonly relayerUrl: string | undefined;
  readonly rpcUrl: string | undefined;
  readonly chainId: number | undefined;
  /** JSON object of contract addresses (custom only). */
  readonly contractsJson: string | undefined;
}

const address = /^0x[0-9a-fA-F]{40}$/;
const strip = (url: string | undefined) => url?.replace(/\/$/, '');

function parseContracts(json: string, problems: string[]): ContractAddresses | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    problems.push('POLYMARKET_CONTRACTS: not JSON (expected an object of contract addresses)');
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('POLYMARKET_CONTRACTS: expected a JSON object of contract addresses');
    return undefined;
  }
  const given = parsed as Record<string, unknown>;
  const keys = Object.keys(POLYGON_CONTRACTS) as (keyof ContractAddresses)[];
  const unknown = Object.keys(given).filter((k) => !keys.includes(k as keyof ContractAddresses));
  if (unknown.length > 0) problems.push(`POLYMARKET_CONTRACTS: unknown contract(s) ${unknown.join(', ')} (known: ${keys.join(', ')})`);
  const missing = keys.filter((k) => given[k] === undefined);
  if (missing.length > 0) problems.push(`POLYMARKET_CONTRACTS: missing ${missing.join(', ')}`);
  const bad = keys.filter((k) => given[k] !== undefined && (typeof given[k] !== 'string' || !address.test(given[k] as string)));
  if (bad.length > 0) problems.push(`POLYMARKET_CONTRACTS: ${bad.join(', ')} must be 0x followed by 40 hex digits`);
  return unknown.length + missing.length + bad.length === 0 ? (Object.fromEntries(keys.map((k) => [k, given[k]])) as unknown as ContractAddresses) : undefined;
}

/** The environment the settings name, or the problems (each naming its setting). */
export function resolveEnvironment(input: EnvironmentInput): { readonly environment: ExchangeEnvironment; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const name: EnvironmentName = input.environment === 'auto' ? (input.clobUrl === undefined ? 'local' : 'custom') : input.environment;
  const clob = strip(input.clobUrl);
  const gamma = strip(input.gammaUrl);
  const relayer = strip(input.relayerUrl);
  if (input.contractsJson !== undefined && name !== 'custom') problems.push(`POLYMARKET_CONTRACTS: only a custom environment takes contract addresses (${name} has its own)`);

  if (name === 'local') {
    if (clob !== undefined) problems.push('POLYMARKET_CLOB_URL: the local environment runs its own exchange; to use another host set POLYMARKET_ENVIRONMENT=custom');
    return { environment: { name, clobUrl: undefined, gammaUrl: gamma, relayerUrl: relayer, rpcUrl: input.rpcUrl, chainId: input.chainId, contracts: undefined }, problems };
  }
  if (name === 'custom') {
    if (clob === undefined) problems.push('POLYMARKET_CLOB_URL: required with POLYMARKET_ENVIRONMENT=custom');
    const chainId = input.chainId ?? 137;
    const contracts = input.contractsJson !== undefined ? parseContracts(input.contractsJson, problems) : chainId === 137 ? POLYGON_CONTRACTS : undefined;
    if (input.contractsJson === undefined && chainId !== 137) problems.push(`POLYMARKET_CONTRACTS: required for chain ${chainId} (Polymarket's addresses are Polygon's, chain 137)`);
    return { environment: { name, clobUrl: clob, gammaUrl: gamma ?? 'https://gamma-api.polymarket.com', relayerUrl: relayer, rpcUrl: input.rpcUrl, chainId, contracts }, problems };
  }
  // mainnet / preproduction: fixed hosts, chain 137, Polymarket's contracts.
  const fixed = hosted[name];
  const mismatch = (setting: string, given: string | undefined, expected: string) => {
    if (given !== undefined && given !== expected) problems.push(`${setting}: ${name} is ${expected}; to use ${given} set POLYMARKET_ENVIRONMENT=custom`);
  };
  mismatch('POLYMARKET_CLOB_URL', clob, fixed.clobUrl);
  mismatch('POLYMARKET_GAMMA_URL', gamma, fixed.gammaUrl);
  mismatch('POLYMARKET_RELAYER_URL', relayer, fixed.relayerUrl);
  if (input.chainId !== undefined && input.chainId !== 137) problems.push(`POLYMARKET_CHAIN_ID: ${name} is Polygon, chain 137 (got ${input.chainId})`);
  if (input.rpcUrl === undefined) problems.push(`POLYGON_RPC_URL: required with POLYMARKET_ENVIRONMENT=${name} (balances, allowances, gas and settlement are read on chain)`);
  return { environment: { name, ...fixed, rpcUrl: input.rpcUrl, chainId: 137, contracts: POLYGON_CONTRACTS }, problems };
}
