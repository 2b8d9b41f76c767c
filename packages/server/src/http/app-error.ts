import { errorStatus, type ErrorCode } from '@ramp/api';

/**
 * The one error type of the server. The error handler turns it into its HTTP status (from
 * the exhaustive `errorStatus` map) and the body `{"error":{"code","message"}}`.
 *
 * @example
 * throw new AppError('CONFLICT', 'flag "checkout" is at version 4, not 3')
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A 400 whose message names the field: `percentage: expected a number from 0 to 100`. */
export function invalidField(field: string, problem: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${problem}`);
}
