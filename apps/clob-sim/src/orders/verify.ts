/**
 * EIP-712 order hashing and signature verification as the CTF Exchange V2 (domain version "2",
 * standard or neg-risk exchange) and ExchangeV3 (version "3", position markets) check them.
 *
 * Signature types: 0 EOA (recovered signer = signer = maker); 1 proxy / 2 Safe (recovered signer = signer,
 * and the maker wallet is registered to that signer); 3 EIP-1271 deposit wallet (signer = maker = wallet;
 * the ERC-7739 wrapped inner signature recovers to the wallet's registered owner).
 * Type-3 wallets not in the admin registry are checked with `isValidSignature` on the attached chain, if any.
 */
import { concatHex, hashTypedData, isHex, keccak256, numberToHex, padHex, toHex, type Address, type Hex, type TypedDataDomain } from 'viem';
import type { WalletLedger } from '../state/wallets.ts';
import type { Erc1271Check } from '../chain/erc1271.ts';
import type { SignedOrderV2 } from './decode.ts';
import { SignerKeys } from './signer-keys.ts';

export const ORDER_TYPES = {
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

const TYPED_DATA_SIGN_TYPES = {
  TypedDataSign: [
    { name: 'contents', type: 'Order' },
    { name: 'name', type: 'string' },
    { name: 'version', type: 'string' },
    { name: 'chainId', type: 'uint256' },
    { name: 'verifyingContract', type: 'address' },
    { name: 'salt', type: 'bytes32' },
  ],
  Order: ORDER_TYPES.Order,
} as const;

const ZERO_BYTES32: Hex = `0x${'0'.repeat(64)}`;

export function exchangeDomain(version: '2' | '3', chainId: number, verifyingContract: Address): TypedDataDomain {
  return { name: 'Polymarket CTF Exchange', version, chainId, verifyingContract };
}

function message(order: SignedOrderV2) {
  return {
    salt: order.salt,
    maker: order.maker,
    signer: order.signer,
    tokenId: BigInt(order.tokenId),
    makerAmount: BigInt(order.makerAmount),
    takerAmount: BigInt(order.takerAmount),
    side: order.side === 'BUY' ? 0 : 1,
    signatureType: order.signatureType,
    timestamp: order.timestamp,
    metadata: order.metadata,
    builder: order.builder,
  };
}

const ORDER_TYPE_HASH = keccak256(
  toHex('Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)'),
);
const DOMAIN_TYPE_HASH = keccak256(toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'));
const domainSeparators = new Map<string, Hex>();

/** Cached: the separator only depends on (version, chain id, exchange). */
function domainSeparator(domain: TypedDataDomain): Hex {
  const cacheKey = `${domain.version}:${domain.chainId}:${domain.verifyingContract}`;
  let separator = domainSeparators.get(cacheKey);
  if (!separator) {
    separator = keccak256(
      concatHex([
        DOMAIN_TYPE_HASH,
        keccak256(toHex(domain.name ?? '')),
        keccak256(toHex(domain.version ?? '')),
        numberToHex(BigInt(domain.chainId ?? 0), { size: 32 }),
        padHex(domain.verifyingContract as Hex, { size: 32 }),
      ]),
    );
    domainSeparators.set(cacheKey, separator);
  }
  return separator;
}

/** A uint256 as 64 hex digits; out of range throws (as viem's `numberToHex(value, { size: 32 })` does). */
function word(value: bigint | number): string {
  if (typeof value === 'number' ? !Number.isSafeInteger(value) || value < 0 : value < 0n) throw new Error(`not a uint256: ${value}`);
  const hex = value.toString(16);
  if (hex.length > 64) throw new Error(`not a uint256: ${value}`);
  return hex.padStart(64, '0');
}

/** A 20-byte address or a bytes32 as one 32-byte word (left-padded); longer throws. */
function bytesWord(value: Hex): string {
  const hex = value.slice(2);
  if (hex.length > 64 || !isHex(value)) throw new Error(`not a 32-byte word: ${value}`);
  return hex.padStart(64, '0');
}

/**
 * The order id: the EIP-712 hash of the order under its exchange's domain. Encoded by hand (the struct
 * is all static fields) because it runs on every order; tests pin it to viem's `hashTypedData`.
 */
export function orderHash(order: SignedOrderV2, domain: TypedDataDomain): Hex {
  const structHash = keccak256(
    `${ORDER_TYPE_HASH}${word(order.salt)}${bytesWord(order.maker)}${bytesWord(order.signer)}${word(BigInt(order.tokenId))}${word(order.makerAmount)}${word(order.takerAmount)}${word(order.side === 'BUY' ? 0 : 1)}${word(order.signatureType)}${word(order.timestamp)}${bytesWord(order.metadata)}${bytesWord(order.builder)}`,
  );
  return keccak256(`0x1901${domainSeparator(domain).slice(2)}${structHash.slice(2)}`);
}

/** Reference implementation (viem), for tests. */
export function orderHashReference(order: SignedOrderV2, domain: TypedDataDomain): Hex {
  return hashTypedData({ domain, types: ORDER_TYPES, primaryType: 'Order', message: message(order) });
}

export type SignatureCheck = 'ok' | 'invalid_signature' | 'maker_not_allowed';

/** Used when the caller keeps no cache of its own (tests); an exchange passes its own. */
const sharedSignerKeys = new SignerKeys();

/**
 * Whether the order's signature is valid for its maker: ecrecover (viem's `recoverAddress` /
 * `recoverTypedDataAddress`) must give the signer, or for type 3 the wallet's registered owner.
 * `keys` answers that question as viem does, faster for signers seen before (signer-keys.ts).
 */
export async function verifyOrderSignature(
  order: SignedOrderV2,
  domain: TypedDataDomain,
  ledger: WalletLedger,
  digest: Hex = orderHash(order, domain),
  onChain1271?: Erc1271Check,
  keys: SignerKeys = sharedSignerKeys,
): Promise<SignatureCheck> {
  const maker = order.maker.toLowerCase();
  const signer = order.signer.toLowerCase();
  if (order.signatureType === 3) {
    if (maker !== signer) return 'maker_not_allowed';
    const registered = ledger.ownerOf(maker);
    if (!registered || registered.signatureType !== 3) {
      // Unknown wallet: ask the wallet itself, as the exchange contract does, when a chain is attached.
      if (onChain1271) return (await onChain1271(order.maker, digest, order.signature)) ? 'ok' : 'invalid_signature';
      return 'invalid_signature';
    }
    // Wrapped signature: inner(65) ‖ appDomainSeparator(32) ‖ contentsHash(32) ‖ type string ‖ uint16 length.
    if (order.signature.length < 2 + 2 * (65 + 64 + 2)) return 'invalid_signature';
    const inner = order.signature.slice(0, 2 + 130) as Hex;
    // As viem's recoverTypedDataAddress: the typed data's hash, recovered (typed data it cannot hash is refused).
    let wrapped: Hex;
    try {
      wrapped = hashTypedData({
        domain,
        types: TYPED_DATA_SIGN_TYPES,
        primaryType: 'TypedDataSign',
        message: {
          contents: message(order),
          name: 'DepositWallet',
          version: '1',
          chainId: BigInt(domain.chainId ?? 0),
          verifyingContract: order.maker,
          salt: ZERO_BYTES32,
        },
      });
    } catch {
      return 'invalid_signature';
    }
    return (await keys.recoversTo(wrapped, inner, registered.owner)) ? 'ok' : 'invalid_signature';
  }
  if (!(await keys.recoversTo(digest, order.signature, signer))) return 'invalid_signature';
  if (order.signatureType === 0) return maker === signer ? 'ok' : 'maker_not_allowed';
  const registered = ledger.ownerOf(maker);
  return registered && registered.owner === signer && registered.signatureType === order.signatureType ? 'ok' : 'maker_not_allowed';
}
