/**
 * EIP-1271 signature checks on an attached chain: `isValidSignature(bytes32 hash, bytes signature)` on the
 * maker wallet must return the magic value 0x1626ba7e. Used for deposit-wallet (type 3) orders whose owner
 * was not registered through the admin API.
 */
import { createPublicClient, encodeFunctionData, http, type Address, type Hex } from 'viem';

export type Erc1271Check = (wallet: Address, hash: Hex, signature: Hex) => Promise<boolean>;

const abi = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: 'magicValue', type: 'bytes4' }],
  },
] as const;

export const ERC1271_MAGIC = '0x1626ba7e';

export function erc1271Checker(rpcUrl: string): Erc1271Check {
  const client = createPublicClient({ transport: http(rpcUrl) });
  return async (wallet, hash, signature) => {
    try {
      const { data } = await client.call({ to: wallet, data: encodeFunctionData({ abi, functionName: 'isValidSignature', args: [hash, signature] }) });
      return typeof data === 'string' && data.toLowerCase().startsWith(ERC1271_MAGIC);
    } catch {
      return false;
    }
  };
}
