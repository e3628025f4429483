/**
 * L1 authentication: the `ClobAuth` EIP-712 signature (domain "ClobAuthDomain" v1, the simulator's chain id)
 * over (address, timestamp as a string, nonce, fixed message). Refuses bad signatures and stale timestamps.
 */
import { verifyTypedData, isAddress, type Address, type Hex } from 'viem';
import { err, ok, type Result } from '@polymancer/core';
import { polyHeader, type HeaderBag } from './headers.ts';

export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

export interface L1Identity {
  readonly address: string;
  readonly nonce: string;
}

export async function verifyL1(
  headers: HeaderBag,
  chainId: number,
  nowSecs: number,
  maxSkewSecs: number,
): Promise<Result<L1Identity, 'invalid_l1'>> {
  const address = polyHeader(headers, 'POLY_ADDRESS');
  const signature = polyHeader(headers, 'POLY_SIGNATURE');
  const timestamp = polyHeader(headers, 'POLY_TIMESTAMP');
  const nonce = polyHeader(headers, 'POLY_NONCE') ?? '0';
  if (!address || !signature || !timestamp || !isAddress(address) || !/^\d+$/.test(timestamp) || !/^\d+$/.test(nonce)) {
    return err('invalid_l1');
  }
  if (Math.abs(Number(timestamp) - nowSecs) > maxSkewSecs) return err('invalid_l1');
  try {
    const valid = await verifyTypedData({
      address: address as Address,
      domain: { name: 'ClobAuthDomain', version: '1', chainId },
      types: {
        ClobAuth: [
          { name: 'address', type: 'address' },
          { name: 'timestamp', type: 'string' },
          { name: 'nonce', type: 'uint256' },
          { name: 'message', type: 'string' },
        ],
      },
      primaryType: 'ClobAuth',
      message: { address: address as Address, timestamp, nonce: BigInt(nonce), message: CLOB_AUTH_MESSAGE },
      signature: signature as Hex,
    });
    return valid ? ok({ address: address.toLowerCase(), nonce }) : err('invalid_l1');
  } catch {
    return err('invalid_l1');
  }
}
