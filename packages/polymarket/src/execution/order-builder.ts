/**
 * Builds and signs a FOK market order with the official client's own `OrderBuilder` (no network:
 * tick size, neg-risk flag and order version are passed in, so nothing is looked up), for every
 * wallet type — EOA (0), proxy (1), Safe (2), deposit wallet (3, POLY_1271: the builder wraps the
 * owner's signature ERC-7739 style and signs as the wallet) — on CTF Exchange V2, the neg-risk
 * exchange V2 (domain "2") or ExchangeV3 (domain "3"). The order hash — the exchange's order id — is
 * the EIP-712 hash of the signed struct under that domain.
 *
 * Amounts: a BUY spends whole cents (the exchange accepts at most 2 decimals on a market BUY's
 * maker amount), a SELL sells shares to 2 decimals; both are rounded DOWN here, in integers, and
 * the limit price is the order's worst acceptable price. The signed amounts are read back from
 * the signed order, so what is stored is exactly what was signed.
 */
import { OrderBuilder, OrderType, Side, SignatureTypeV2, type TickSize, getContractConfig, orderToJsonV2 } from '@polymarket/clob-client-v2';
import { createWalletClient, custom, hashTypedData, type Hex, toHex, type WalletClient } from 'viem';
import { privateKeyToAccount, sign, toAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import type { ExchangeKind, VenueAccount, VenueOrderSpec, VenueSignedOrder } from './types.ts';

const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
} as const;

const TICKS: Readonly<Record<number, TickSize>> = { 100_000: '0.1', 10_000: '0.01', 1_000: '0.001', 100: '0.0001' };

export function tickSizeOf(tickSizeMicros: number): TickSize {
  const tick = TICKS[tickSizeMicros];
  if (tick === undefined) throw new Error(`tick size ${tickSizeMicros} micros is not one the exchange uses`);
  return tick;
}

/** Whole cents (BUY pUSD) or hundredths of a share (SELL), rounded down. */
export const orderAmountMicros = (amountMicros: number): number => Math.floor(amountMicros / 10_000) * 10_000;

export function exchangeAddress(chainId: number, exchange: ExchangeKind): string {
  const c = getContractConfig(chainId);
  return exchange === 'v3' ? c.exchangeV3 : exchange === 'neg_risk_v2' ? c.negRiskExchangeV2 : c.exchangeV2;
}

const noNetwork = custom({ request: () => Promise.reject(new Error('the signing wallet has no network')) });

/** A viem wallet over the key bytes (no transport: it only signs). Derives the address from the key. */
export function signingWallet(privateKey: Uint8Array): WalletClient {
  return createWalletClient({ account: privateKeyToAccount(toHex(privateKey)), chain: polygon, transport: noNetwork });
}

/**
 * A signing wallet for a KNOWN signer address: it signs EIP-712 digests with the key directly, so no
 * public key is derived per order (the dominant cost of building a viem account), and it hands the
 * digest of every `Order` it signs to `onOrderDigest` — for EOA / proxy / Safe orders that digest IS
 * the order hash, so it is not computed twice. A wrong address is caught by the exchange (the
 * signature would not recover to it) and by credential validation, which checks key ↔ address.
 */
export function scopedSigningWallet(privateKey: Uint8Array, address: string, onOrderDigest?: (digest: Hex) => void): WalletClient {
  const key = toHex(privateKey);
  const account = toAccount({
    address: address as Hex,
    async signMessage() {
      throw new Error('the order signer signs orders only');
    },
    async signTransaction() {
      throw new Error('the order signer signs orders only');
    },
    async signTypedData(typedData) {
      const digest = hashTypedData(typedData as never);
      if ((typedData as { primaryType?: string }).primaryType === 'Order') onOrderDigest?.(digest);
      return sign({ hash: digest, privateKey: key, to: 'hex' });
    },
  });
  return createWalletClient({ account, chain: polygon, transport: noNetwork });
}

const decimal = (micros: number): number => micros / 1_000_000;

export async function signFokOrder(chainId: number, account: VenueAccount, privateKey: Uint8Array, spec: VenueOrderSpec): Promise<VenueSignedOrder> {
  let signedDigest: Hex | undefined;
  const wallet = scopedSigningWallet(privateKey, account.signerAddress, (digest) => (signedDigest = digest));
  const funder = account.walletType === 0 ? undefined : account.funderAddress;
  const builder = new OrderBuilder(wallet, chainId, account.walletType as SignatureTypeV2, funder);
  const amountMicros = orderAmountMicros(spec.amountMicros);
  if (amountMicros <= 0) throw new Error('order amount below the exchange precision');
  const version = spec.exchange === 'v3' ? 3 : 2;
  const order = await builder.buildMarketOrder(
    { tokenID: spec.tokenId, amount: decimal(amountMicros), side: spec.side === 'BUY' ? Side.BUY : Side.SELL, price: decimal(spec.limitPriceMicros), orderType: OrderType.FOK },
    { tickSize: tickSizeOf(spec.tickSizeMicros), negRisk: spec.exchange === 'neg_risk_v2' },
    version,
  );
  const o = order as unknown as Record<string, unknown> & {
    salt: string | number;
    maker: Hex;
    signer: Hex;
    tokenId: string;
    makerAmount: string;
    takerAmount: string;
    side: unknown;
    signatureType: number;
    timestamp: string;
    metadata: Hex;
    builder: Hex;
  };
  // EOA / proxy / Safe sign the order's own digest; a deposit wallet (POLY_1271) signs a wrapper of it.
  const orderHash =
    account.walletType !== 3 && signedDigest !== undefined
      ? signedDigest
      : hashTypedData({
    domain: { name: 'Polymarket CTF Exchange', version: String(version), chainId, verifyingContract: exchangeAddress(chainId, spec.exchange) as Hex },
    types: ORDER_TYPES,
    primaryType: 'Order',
    message: {
      salt: BigInt(o.salt),
      maker: o.maker,
      signer: o.signer,
      tokenId: BigInt(o.tokenId),
      makerAmount: BigInt(o.makerAmount),
      takerAmount: BigInt(o.takerAmount),
      side: o.side === Side.SELL || o.side === 'SELL' || o.side === 1 ? 1 : 0,
      signatureType: Number(o.signatureType),
      timestamp: BigInt(o.timestamp),
      metadata: o.metadata,
      builder: o.builder,
    },
  });
  // The wire form (what POST /order carries under `order`), minus the API key `owner`.
  const wire = orderToJsonV2(order as never, '', OrderType.FOK, false, false) as { order: Record<string, unknown> };
  return {
    orderHash,
    salt: String(o.salt),
    makerAddress: o.maker,
    signerAddress: o.signer,
    makerAmountMicros: Number(o.makerAmount),
    takerAmountMicros: Number(o.takerAmount),
    payload: wire.order,
  };
}
