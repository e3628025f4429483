import { formatMicros } from '../money/decimal.ts';
import { type Guard, passGuard, tripGuard } from './guard.ts';

/** A BUY must be paid for (notional + fee) from the balance; a SELL must not sell shares not held. */
export const insufficientBalance: Guard = {
  name: 'insufficient_balance',
  check({ fill, balanceMicros, positionSharesMicros }) {
    if (fill.side === 'SELL') {
      if (fill.sharesMicros <= positionSharesMicros) return passGuard;
      return tripGuard(
        'insufficient_position',
        `selling ${formatMicros(fill.sharesMicros)} shares but only ${formatMicros(positionSharesMicros)} are held`,
      );
    }
    const cost = fill.notionalMicros + fill.feeMicros;
    if (cost <= balanceMicros) return passGuard;
    return tripGuard('insufficient_balance', `trade costs $${formatMicros(cost)} but the balance is $${formatMicros(balanceMicros)}`);
  },
};
