/**
 * Balances and allowances per wallet (by lower-case address): pUSD collateral, outcome tokens, and the
 * allowance each exchange (spender) has. Funded through the admin API; moved by settlement.
 */
export interface Wallet {
  collateralMicros: number;
  readonly tokens: Map<string, number>;
  /** Spender (lower-case exchange address) → allowance in base units; covers pUSD and token approvals. */
  readonly allowances: Map<string, bigint>;
  /** Chain mode: the CTF approval per exchange (unlimited or 0), separate from the pUSD allowance. */
  readonly tokenAllowances: Map<string, bigint>;
}

export type WalletSignatureType = 1 | 2 | 3;

export interface WalletOwner {
  readonly owner: string;
  readonly signatureType: WalletSignatureType;
}

/**
 * Account restrictions production applies per account (set through the admin API):
 * - `newAccount`: created since deposit wallets became the default (2026-05-04) — EOA / proxy / Safe
 *   makers are refused with "maker address not allowed, please use the deposit wallet flow";
 * - `closedOnly`: the account may only close positions (`/auth/ban-status/closed-only`): BUYs refused.
 */
export interface AccountFlags {
  readonly newAccount: boolean;
  readonly closedOnly: boolean;
}

export class WalletLedger {
  readonly #wallets = new Map<string, Wallet>();
  readonly #owners = new Map<string, WalletOwner>();
  readonly #flags = new Map<string, AccountFlags>();

  flags(address: string): AccountFlags {
    return this.#flags.get(address.toLowerCase()) ?? { newAccount: false, closedOnly: false };
  }

  setFlags(address: string, patch: Partial<AccountFlags>): AccountFlags {
    const next = { ...this.flags(address), ...patch };
    this.#flags.set(address.toLowerCase(), next);
    return next;
  }

  get(address: string): Wallet {
    const key = address.toLowerCase();
    let wallet = this.#wallets.get(key);
    if (!wallet) {
      wallet = { collateralMicros: 0, tokens: new Map(), allowances: new Map(), tokenAllowances: new Map() };
      this.#wallets.set(key, wallet);
    }
    return wallet;
  }

  tokenBalance(address: string, tokenId: string): number {
    return this.get(address).tokens.get(tokenId) ?? 0;
  }

  addCollateral(address: string, micros: number): void {
    this.get(address).collateralMicros += micros;
  }

  addTokens(address: string, tokenId: string, micros: number): void {
    const wallet = this.get(address);
    wallet.tokens.set(tokenId, (wallet.tokens.get(tokenId) ?? 0) + micros);
  }

  setCollateral(address: string, micros: number): void {
    this.get(address).collateralMicros = micros;
  }

  setTokens(address: string, tokenId: string, micros: number): void {
    this.get(address).tokens.set(tokenId, micros);
  }

  setTokenAllowance(address: string, spender: string, amount: bigint): void {
    this.get(address).tokenAllowances.set(spender.toLowerCase(), amount);
  }

  /** What the exchange may move of the wallet's outcome tokens: the CTF approval in chain mode, else the one allowance. */
  tokenAllowance(address: string, spender: string): bigint {
    return this.get(address).tokenAllowances.get(spender.toLowerCase()) ?? this.allowance(address, spender);
  }

  setAllowance(address: string, spender: string, amount: bigint): void {
    this.get(address).allowances.set(spender.toLowerCase(), amount);
  }

  allowance(address: string, spender: string): bigint {
    return this.get(address).allowances.get(spender.toLowerCase()) ?? 0n;
  }

  registerOwner(wallet: string, owner: WalletOwner): void {
    this.#owners.set(wallet.toLowerCase(), { owner: owner.owner.toLowerCase(), signatureType: owner.signatureType });
  }

  ownerOf(wallet: string): WalletOwner | undefined {
    return this.#owners.get(wallet.toLowerCase());
  }

  /** Wallets a signer controls with the given signature type (for balance-allowance of proxy/Safe users). */
  walletOwnedBy(owner: string, signatureType: number): string | undefined {
    for (const [wallet, record] of this.#owners) {
      if (record.owner === owner.toLowerCase() && record.signatureType === signatureType) return wallet;
    }
    return undefined;
  }
}
