/**
 * Polymarket's relayer (`relayer-v2.polymarket.com`): the exact JSON it takes and answers, as Polymarket's
 * own clients speak it — `@polymarket/client` (Polymarket/ts-sdk `packages/client/src/actions/gasless.ts`,
 * schemas in `packages/bindings/src/relayer/transaction.ts`) and `@polymarket/builder-relayer-client`
 * (`src/types.ts`, `src/client.ts`). Every number is a decimal string; addresses and data are 0x hex.
 *
 * - `GET /v1/account/transactions/params?address=<owner>&type=<PROXY|SAFE|WALLET>` → {@link RelayerExecuteParamsWire}
 *   (the relay address and the owner's nonce; the older client's `GET /relay-payload`).
 * - `POST /submit` with {@link RelayerSubmitWire} → {@link RelayerSubmitResponseWire} (note `transactionID`).
 * - `GET /v1/account/transactions/<transactionId>` → {@link RelayerTransactionWire} (snake_case; the hash is
 *   `''` until there is one; the older client's `GET /transaction?id=` answered a camelCase array).
 */

export type RelayerTransactionType = 'SAFE' | 'PROXY' | 'SAFE-CREATE' | 'WALLET' | 'WALLET-CREATE';

/** `STATE_CONFIRMED` is what Polymarket's client waits for; `STATE_FAILED` and `STATE_INVALID` are terminal. */
export type RelayerTransactionState = 'STATE_NEW' | 'STATE_EXECUTED' | 'STATE_MINED' | 'STATE_CONFIRMED' | 'STATE_INVALID' | 'STATE_FAILED';

export const RELAYER_STATES: readonly RelayerTransactionState[] = ['STATE_NEW', 'STATE_EXECUTED', 'STATE_MINED', 'STATE_CONFIRMED', 'STATE_INVALID', 'STATE_FAILED'];

export interface RelayerExecuteParamsWire {
  readonly address: string;
  readonly nonce: string;
}

/** A deposit wallet's owner-signed EIP-712 `Batch` (`to` = the deposit-wallet factory). */
export interface RelayerWalletSubmitWire {
  readonly type: 'WALLET';
  readonly from: string;
  readonly to: string;
  readonly nonce: string;
  readonly signature: string;
  readonly depositWalletParams: {
    readonly depositWallet: string;
    readonly deadline: string;
    readonly calls: readonly { readonly target: string; readonly value: string; readonly data: string }[];
  };
  readonly metadata?: string;
}

/** A proxy wallet owner's GSN relay request (`to` = the proxy-wallet factory, `data` = `proxy(calls)`). */
export interface RelayerProxySubmitWire {
  readonly type: 'PROXY';
  readonly from: string;
  readonly to: string;
  readonly proxyWallet: string;
  readonly data: string;
  readonly nonce: string;
  readonly signature: string;
  readonly signatureParams: { readonly gasLimit: string; readonly gasPrice: string; readonly relay: string; readonly relayHub: string; readonly relayerFee: string };
  readonly metadata?: string;
}

/** A Safe owner's `SafeTx` (eth_sign, v + 4); `value` only when above 0, as Polymarket's client sends it. */
export interface RelayerSafeSubmitWire {
  readonly type: 'SAFE';
  readonly from: string;
  readonly to: string;
  readonly proxyWallet: string;
  readonly data: string;
  readonly nonce: string;
  readonly signature: string;
  readonly signatureParams: {
    readonly operation: string;
    readonly safeTxnGas: string;
    readonly baseGas: string;
    readonly gasPrice: string;
    readonly gasToken: string;
    readonly refundReceiver: string;
  };
  readonly value?: string;
  readonly metadata?: string;
}

export type RelayerSubmitWire = RelayerWalletSubmitWire | RelayerProxySubmitWire | RelayerSafeSubmitWire;

export interface RelayerSubmitResponseWire {
  readonly transactionID: string;
  readonly state: RelayerTransactionState;
  readonly transactionHash?: string | null;
}

export interface RelayerTransactionWire {
  readonly transaction_id: string;
  readonly state: RelayerTransactionState;
  /** `''` until the relayer has sent it. */
  readonly transaction_hash: string;
  readonly error_msg?: string | null;
}

/** The relayer's error body (`{ error }`), as far as its clients read it. */
export interface RelayerErrorWire {
  readonly error?: string;
}
