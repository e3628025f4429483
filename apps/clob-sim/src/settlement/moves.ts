/**
 * A matched trade as the on-chain moves that settle it through the exchange contract (pure):
 * - same token (a BUY against a SELL): shares seller → buyer, pUSD buyer → seller;
 * - complementary BUYs: both pay the exchange, it splits a complete set through the collateral adapter and
 *   hands each buyer its token;
 * - complementary SELLs: both hand the exchange their token, it merges the set and pays each seller;
 * - the taker fee, when any, goes from the taker to the fee recipient (last, so a seller pays it from proceeds).
 */
import type { Address, Hex } from 'viem';
import type { SettlementMove } from '@polymancer/local-chain';
import type { SimTrade } from '../state/types.ts';

export function settlementMoves(trade: SimTrade, exchange: Address, feeRecipient: Address): SettlementMove[] {
  const maker = trade.makers[0];
  if (!maker) return [];
  const size = BigInt(trade.sizeMicros);
  const taker = { address: trade.takerMakerAddress as Address, tokenId: BigInt(trade.tokenId), side: trade.side, collateral: BigInt(trade.collateralMicros) };
  const other = { address: maker.makerAddress as Address, tokenId: BigInt(maker.tokenId), side: maker.side, collateral: BigInt(maker.collateralMicros) };
  const moves: SettlementMove[] = [];
  if (taker.tokenId === other.tokenId) {
    const [buyer, seller] = taker.side === 'BUY' ? [taker, other] : [other, taker];
    moves.push({ kind: 'token', from: seller.address, to: buyer.address, tokenId: buyer.tokenId, amount: size });
    moves.push({ kind: 'pusd', from: buyer.address, to: seller.address, amount: buyer.collateral });
  } else if (taker.side === 'BUY') {
    moves.push({ kind: 'pusd', from: taker.address, to: exchange, amount: taker.collateral });
    moves.push({ kind: 'pusd', from: other.address, to: exchange, amount: other.collateral });
    moves.push({ kind: 'split', conditionId: trade.market.conditionId as Hex, amount: size });
    moves.push({ kind: 'token', from: exchange, to: taker.address, tokenId: taker.tokenId, amount: size });
    moves.push({ kind: 'token', from: exchange, to: other.address, tokenId: other.tokenId, amount: size });
  } else {
    moves.push({ kind: 'token', from: taker.address, to: exchange, tokenId: taker.tokenId, amount: size });
    moves.push({ kind: 'token', from: other.address, to: exchange, tokenId: other.tokenId, amount: size });
    moves.push({ kind: 'merge', conditionId: trade.market.conditionId as Hex, amount: size });
    moves.push({ kind: 'pusd', from: exchange, to: taker.address, amount: taker.collateral });
    moves.push({ kind: 'pusd', from: exchange, to: other.address, amount: other.collateral });
  }
  if (trade.takerFeeMicros > 0) moves.push({ kind: 'pusd', from: taker.address, to: feeRecipient, amount: BigInt(trade.takerFeeMicros) });
  return moves;
}
