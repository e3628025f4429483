/**
 * The ports of on-chain redemption (issue 20 "Redemption"): where redemptions are kept
 * (`@polymancer/db` `createRedemptionStore`) and the chain they are signed for and sent to
 * (`@polymancer/polymarket` `createChainRedeemer`).
 */
import type { LiveAccount, LiveSecrets } from './ports.ts';
import type { WalletType } from './live-order.ts';

/**
 * `claimed`: nothing signed yet. `signed`: the signed payload is committed and may have been sent.
 * `submitted`: sent, its hash known. `redeemed`: the bots' ledgers are credited. `failed`: the chain
 * refused it (reverted, expired, nonce taken); the next pass signs afresh.
 */
export type RedemptionStatus = 'claimed' | 'signed' | 'submitted' | 'redeemed' | 'failed';

export interface RedemptionRecord {
  readonly id: string;
  readonly userId: string;
  readonly credentialId: string;
  readonly walletType: WalletType;
  readonly walletAddress: string;
  readonly conditionId: string;
  readonly adapter: RedemptionAdapter;
  readonly status: RedemptionStatus;
  readonly signedPayload: SignedRedemption | null;
  readonly txHash: string | null;
  readonly proceedsMicros: number | null;
  readonly creditedMicros: number | null;
  readonly attempts: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly redeemedAt: Date | null;
}

export type RedemptionPatch = Partial<
  Pick<RedemptionRecord, 'status' | 'signedPayload' | 'txHash' | 'proceedsMicros' | 'creditedMicros' | 'attempts' | 'errorCode' | 'errorMessage' | 'redeemedAt'>
> & { readonly updatedAt: Date };

/** A user's market to redeem: their live bots' open positions in it, or an unfinished redemption. */
export interface RedemptionCandidate {
  readonly userId: string;
  readonly conditionId: string;
}

export interface RedemptionStore {
  /** Markets where a live bot holds an open position (shares > 0, not settled), plus unfinished redemptions; oldest first. */
  candidates(limit: number): Promise<RedemptionCandidate[]>;
  /** The user's live bots with an open position in the market. */
  holders(userId: string, conditionId: string): Promise<string[]>;
  find(userId: string, walletAddress: string, conditionId: string): Promise<RedemptionRecord | undefined>;
  /** Inserts the row unless one exists for (user, wallet, market); answers the stored row either way. */
  claim(row: RedemptionRecord): Promise<RedemptionRecord>;
  /** Compare-and-set: applies the patch only while the row is still in `from`; false otherwise. */
  update(id: string, from: RedemptionStatus, patch: RedemptionPatch): Promise<boolean>;
}

/** Which collateral adapter redeems the market: the standard one or the neg-risk one (ACCOUNTS.md §2). */
export type RedemptionAdapter = 'ctf' | 'neg_risk';

/** The signed transaction or wallet batch, opaque to the service; stored as committed. */
export type SignedRedemption = Readonly<Record<string, unknown>>;

/** What the chain says of a sent redemption. */
export type RedemptionChainState =
  | { readonly state: 'mined'; readonly succeeded: boolean; readonly txHash: string | null }
  | { readonly state: 'pending' }
  /** Not on chain and not known to the node, its nonce still free: sending the same payload again is safe. */
  | { readonly state: 'not_sent' }
  /** It can never execute now (nonce used by something else, or the batch deadline passed). */
  | { readonly state: 'void'; readonly reason: string };

export interface RedemptionChain {
  /** The market's payouts are reported on chain (redeeming before that reverts). */
  payoutsReported(conditionId: string): Promise<boolean>;
  /** Outcome-token balances of the wallet, micros. */
  balances(wallet: string, tokenIds: readonly string[]): Promise<Readonly<Record<string, number>>>;
  /**
   * Builds and signs the redemption through the adapter for the account's wallet type — an EOA's own
   * transaction (it pays gas); a deposit wallet's batch, a proxy wallet's relay request, a Safe's
   * transaction, each signed by the owner and relayed (gasless). No broadcast.
   */
  sign(account: LiveAccount, secrets: LiveSecrets, request: { readonly conditionId: string; readonly adapter: RedemptionAdapter }): Promise<{ readonly payload: SignedRedemption; readonly txHash: string | null }>;
  /**
   * Sends the signed payload. Sending the same payload again never executes it twice; an already-executed one
   * answers its state. `failed`: the relayer reports it failed for good (it did not run); the redemption is
   * recorded failed and signed afresh on the next pass (the wallet's nonce lets at most one request run). A
   * send whose outcome is unknown (the relayer's 5xx, a timeout) throws: only the same payload is sent again.
   */
  submit(payload: SignedRedemption): Promise<{ readonly txHash: string | null; readonly failed?: string }>;
  state(payload: SignedRedemption, txHash: string | null): Promise<RedemptionChainState>;
}
