/** The unlock service's expected refusals, each with a stable code the API maps to a status. */
import { PolymancerError, type PolymancerErrorOptions } from '@polymancer/core';

/** The typed acknowledgment is not exactly the sentence. */
export class AcknowledgmentMismatchError extends PolymancerError {
  readonly code = 'acknowledgment_mismatch';
}

/** A quiz attempt before the wait is over or after the attempts are used up (`details.nextAttemptAt`). */
export class QuizRetryLaterError extends PolymancerError {
  readonly code = 'quiz_retry_later';
}

export class QuizAlreadyPassedError extends PolymancerError {
  readonly code = 'quiz_already_passed';
  constructor(message = 'The risk quiz is already passed', options?: PolymancerErrorOptions) {
    super(message, options);
  }
}

/** Go-live on a bot that is not unlocked (`details.unmet` lists the requirements). */
export class NotUnlockedError extends PolymancerError {
  readonly code = 'not_unlocked';
}

/** The paper bot already has a live bot (`details.liveBotId`), or the bot is itself live. */
export class AlreadyLiveError extends PolymancerError {
  readonly code = 'already_live';
}

/** Shadow mode on a paper bot: shadow trading is a mode of a live bot (go live first). */
export class NotLiveError extends PolymancerError {
  readonly code = 'not_live';
}

/** KYC cannot be started again: verified, or finally rejected. */
export class KycConcludedError extends PolymancerError {
  readonly code = 'kyc_concluded';
}

/** A provider webhook whose signature or authorization does not verify. */
export class WebhookUnauthorizedError extends PolymancerError {
  readonly code = 'webhook_unauthorized';
  constructor(message = 'The webhook could not be authenticated', options?: PolymancerErrorOptions) {
    super(message, options);
  }
}

/** A live bot may not run while its user no longer meets the live requirements (`details.unmet`). */
export class LiveRequirementsUnmetError extends PolymancerError {
  readonly code = 'live_requirements_unmet';
}
