import { PolymancerError } from '@polymancer/core';

/** The password (or email and password) did not match. */
export class InvalidCredentialsError extends PolymancerError {
  readonly code = 'invalid_credentials';
  constructor(message = 'The password is not correct') {
    super(message);
  }
}

/** MFA is enrolled and a valid TOTP code was not given. */
export class MfaRequiredError extends PolymancerError {
  readonly code = 'mfa_required';
}
