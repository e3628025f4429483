/**
 * The execution port: the step after the guards pass. Paper and live are two adapters behind it —
 * the tick never asks which one it holds. Paper (`paperExecution`) takes the simulated fill as the
 * fill; live (later) signs and submits a FOK order and reads the venue's answer.
 */
import type { FokFill, OrderBook, Result } from '@polymancer/core';

export interface ExecutionRequest {
  readonly botId: string;
  readonly userId: string;
  readonly conditionId: string;
  readonly tokenId: string;
  /** The simulated fill the guards approved. */
  readonly simulatedFill: FokFill;
  readonly book: OrderBook;
  readonly limitPriceMicros: number;
}

export interface ExecutedTrade {
  readonly side: 'BUY' | 'SELL';
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly feeMicros: number;
  readonly averagePriceMicros: number;
  readonly slippageBps: number;
  readonly orderId: string | null;
  readonly transactionHash: string | null;
}

export interface ExecutionRejection {
  readonly code: string;
  readonly reason: string;
}

export interface Execution {
  /** Recorded as the trade log's `type`. */
  readonly mode: 'paper' | 'live';
  execute(request: ExecutionRequest, now: Date): Promise<Result<ExecutedTrade, ExecutionRejection>>;
}
