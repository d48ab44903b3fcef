// Errors that cross the API boundary. Every transport carries them as { code, message, details }
// so the renderer and the CLI show the same words an engineer can act on.

export type ApiErrorCode =
  | 'invalid_params' // the request does not match the contract's schema
  | 'unknown_method'
  | 'not_found'
  | 'conflict'
  | 'unavailable' // a dependency (database, worker, collector socket) is not there right now
  | 'cancelled'
  | 'unauthorized'
  | 'internal';

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  details?: unknown;
}

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }
}
