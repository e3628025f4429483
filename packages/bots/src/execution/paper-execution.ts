import { ok } from '@polymancer/core';
import type { Execution } from './execution.ts';

/** Paper trading: the simulated fill-or-kill fill is the fill. No order id, no transaction. */
export const paperExecution: Execution = {
  mode: 'paper',
  async execute({ simulatedFill: f }) {
    return ok({
      side: f.side,
      sharesMicros: f.sharesMicros,
      notionalMicros: f.notionalMicros,
      feeMicros: f.feeMicros,
      averagePriceMicros: f.averagePriceMicros,
      slippageBps: f.slippageBps,
      orderId: null,
      transactionHash: null,
    });
  },
};
