/**
 * Wire → signed order. A payload is V2 when its order carries `timestamp`, `metadata` and `builder`
 * (as the client's `isV2Order`); an order carrying V1's `nonce`/`feeRateBps` instead is V1 and is refused
 * with `order_version_mismatch`, as production does since 2026-04-28.
 */
import { isAddress, isHex, type Address, type Hex } from 'viem';
import type { Side, TimeInForce } from '../matching/types.ts';

export interface SignedOrderV2 {
  readonly salt: bigint;
  readonly maker: Address;
  readonly signer: Address;
  readonly tokenId: string;
  readonly makerAmount: number;
  readonly takerAmount: number;
  readonly side: Side;
  readonly signatureType: number;
  readonly timestamp: bigint;
  readonly expirationSecs: number;
  readonly metadata: Hex;
  readonly builder: Hex;
  readonly signature: Hex;
}

export interface OrderSubmission {
  readonly order: SignedOrderV2;
  readonly owner: string;
  readonly orderType: TimeInForce;
  readonly postOnly: boolean;
  readonly deferExec: boolean;
}

export type DecodeFailure = 'version_mismatch' | 'invalid_payload';
export type Decoded = { readonly ok: true; readonly value: OrderSubmission } | { readonly ok: false; readonly error: DecodeFailure };

const orderTypes: readonly string[] = ['GTC', 'GTD', 'FOK', 'FAK'];

const UINT256_LIMIT = 2n ** 256n;

/** A uint256 as the EIP-712 order struct types every numeric field: anything larger cannot be signed or hashed. */
function uintString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,78}$/.test(value) && BigInt(value) < UINT256_LIMIT) return value;
  return undefined;
}

function safeAmount(value: unknown): number | undefined {
  const text = uintString(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function isBytes32(value: unknown): value is Hex {
  return typeof value === 'string' && isHex(value) && value.length === 66;
}

export function isV1Order(order: Record<string, unknown>): boolean {
  return !('timestamp' in order && 'metadata' in order && 'builder' in order) && ('nonce' in order || 'feeRateBps' in order);
}

export function decodeSubmission(payload: unknown): Decoded {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, error: 'invalid_payload' };
  const body = payload as Record<string, unknown>;
  const raw = body['order'];
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'invalid_payload' };
  const order = raw as Record<string, unknown>;
  if (isV1Order(order)) return { ok: false, error: 'version_mismatch' };

  const salt = uintString(order['salt']);
  const tokenId = uintString(order['tokenId']);
  const makerAmount = safeAmount(order['makerAmount']);
  const takerAmount = safeAmount(order['takerAmount']);
  const timestamp = uintString(order['timestamp']);
  const expiration = safeAmount(order['expiration'] ?? '0');
  const side = order['side'];
  const signatureType = order['signatureType'];
  const { maker, signer, metadata, builder, signature } = order;
  const orderType = body['orderType'] ?? 'GTC';
  const owner = body['owner'];
  if (
    salt === undefined ||
    tokenId === undefined ||
    makerAmount === undefined ||
    takerAmount === undefined ||
    timestamp === undefined ||
    expiration === undefined ||
    (side !== 'BUY' && side !== 'SELL') ||
    typeof signatureType !== 'number' ||
    ![0, 1, 2, 3].includes(signatureType) ||
    typeof maker !== 'string' ||
    !isAddress(maker) ||
    typeof signer !== 'string' ||
    !isAddress(signer) ||
    !isBytes32(metadata) ||
    !isBytes32(builder) ||
    typeof signature !== 'string' ||
    !isHex(signature) ||
    typeof owner !== 'string' ||
    typeof orderType !== 'string' ||
    !orderTypes.includes(orderType)
  ) {
    return { ok: false, error: 'invalid_payload' };
  }
  return {
    ok: true,
    value: {
      order: {
        salt: BigInt(salt),
        maker: maker as Address,
        signer: signer as Address,
        tokenId,
        makerAmount,
        takerAmount,
        side,
        signatureType,
        timestamp: BigInt(timestamp),
        expirationSecs: expiration,
        metadata,
        builder,
        signature,
      },
      owner,
      orderType: orderType as TimeInForce,
      postOnly: body['postOnly'] === true,
      deferExec: body['deferExec'] === true,
    },
  };
}
