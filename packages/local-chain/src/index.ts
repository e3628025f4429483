export { compileContracts, contractSources, SOLC_VERSION, type CompiledContract, type ContractName } from './compile.ts';
export { findAnvilBinary, startAnvil, type AnvilInstance } from './anvil.ts';
export { ANVIL_ADMIN_KEY, deployLocalChain, LocalChain, type LocalChainOptions, type SettlementMove } from './local-chain.ts';
