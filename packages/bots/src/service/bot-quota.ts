import { PolymancerError } from '@polymancer/core';

/** Creating a bot beyond MAX_BOTS_PER_USER: delete one first (or ask the operator to raise the quota). */
export class BotQuotaExceededError extends PolymancerError {
  readonly code = 'bot_quota_exceeded';
  constructor(maxBotsPerUser: number) {
    super(`You already have the most bots allowed (${maxBotsPerUser}); delete one before creating another`, { details: { maxBotsPerUser } });
  }
}
