/**
 * Signs V2/V3 orders with arbitrary amounts or domains (viem, same EIP-712 type as the official client),
 * so tests can send what the client's own rounding would never produce. Posted with the official
 * client's `postOrder`.
 */
import type { Address, Hex, WalletClient } from 'viem';
// The signed struct is the exchange's own; the official client's orders (conformance suite) pin it down.
import { ORDER_TYPES } from '../src/orders/verify.ts';


export const EXCHANGE_V2: Address = '0xE111180000d2663C0091e4f400237545B87B996B';
export const NEG_RISK_EXCHANGE_V2: Address = '0xe2222d279d744050d28e00520010520000310F59';
export const EXCHANGE_V3: Address = '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa';
const ZERO32: Hex = `0x${'0'.repeat(64)}`;

let saltCounter = 1000;

export interface CustomOrder {
  readonly tokenId: string;
  readonly makerAmount: string;
  readonly takerAmount: string;
  readonly side: 'BUY' | 'SELL';
  readonly expiration?: string;
  readonly verifyingContract?: Address;
  readonly chainId?: number;
  readonly version?: '2' | '3';
  readonly maker?: Address;
  readonly signatureType?: number;
}

export async function signCustomOrder(wallet: WalletClient, spec: CustomOrder) {
  const account = wallet.account;
  if (!account) throw new Error('wallet without account');
  saltCounter += 1;
  const order = {
    salt: String(saltCounter),
    maker: spec.maker ?? account.address,
    signer: account.address,
    tokenId: spec.tokenId,
    makerAmount: spec.makerAmount,
    takerAmount: spec.takerAmount,
    side: spec.side,
    signatureType: spec.signatureType ?? 0,
    timestamp: String(Date.now()),
    expiration: spec.expiration ?? '0',
    metadata: ZERO32,
    builder: ZERO32,
  };
  const signature = await wallet.signTypedData({
    account,
    domain: { name: 'Polymarket CTF Exchange', version: spec.version ?? '2', chainId: spec.chainId ?? 137, verifyingContract: spec.verifyingContract ?? EXCHANGE_V2 },
    types: ORDER_TYPES,
    primaryType: 'Order',
    message: {
      salt: BigInt(order.salt),
      maker: order.maker,
      signer: order.signer,
      tokenId: BigInt(order.tokenId),
      makerAmount: BigInt(order.makerAmount),
      takerAmount: BigInt(order.takerAmount),
      side: order.side === 'BUY' ? 0 : 1,
      signatureType: order.signatureType,
      timestamp: BigInt(order.timestamp),
      metadata: order.metadata,
      builder: order.builder,
    },
  });
  return { ...order, signature };
}
