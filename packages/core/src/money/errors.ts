import { PolymancerError } from '../errors/base.ts';

export type DecimalParseReason = 'not_a_decimal' | 'too_many_decimals' | 'negative' | 'out_of_range';

/** A decimal string that cannot be an exact amount. Returned as a value by the parsers. */
export class DecimalParseError extends PolymancerError {
  readonly code = 'invalid_decimal';
  readonly reason: DecimalParseReason;
  constructor(reason: DecimalParseReason, input: string, decimals: number) {
    super(describe(reason, input, decimals), { details: { reason, input: input.slice(0, 64), decimals } });
    this.reason = reason;
  }
}

/** Integer money math left the safe range or was handed a non-integer: a bug upstream. */
export class MoneyOverflowError extends PolymancerError {
  readonly code = 'money_overflow';
}

function describe(reason: DecimalParseReason, input: string, decimals: number): string {
  const shown = JSON.stringify(input.slice(0, 64));
  switch (reason) {
    case 'not_a_decimal':
      return `${shown} is not a decimal number`;
    case 'too_many_decimals':
      return `${shown} has more than ${decimals} decimals`;
    case 'negative':
      return `${shown} must not be negative`;
    case 'out_of_range':
      return `${shown} is too large`;
  }
}
