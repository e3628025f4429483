/** Polymarket's signature types: who signs an order and which wallet holds the money (ACCOUNTS.md). */
export type WalletType = 0 | 1 | 2 | 3;

export const walletTypeNames: Readonly<Record<WalletType, string>> = {
  0: 'EOA',
  1: 'proxy',
  2: 'Safe',
  3: 'deposit wallet',
};

export function isWalletType(value: unknown): value is WalletType {
  return value === 0 || value === 1 || value === 2 || value === 3;
}

/** Only an EOA pays its own gas; proxy, Safe and deposit wallets go gasless through Polymarket's relayer. */
export function paysOwnGas(walletType: WalletType): boolean {
  return walletType === 0;
}
