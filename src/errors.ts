// Errors with stable codes, so that a user can search for one and a test can
// assert it. Only the edges throw these (config, command line, a /proc root
// that cannot be listed); the hot path never throws, it counts.

export type ErrorCode = 'IW_ERR_CONFIG' | 'IW_ERR_USAGE' | 'IW_ERR_PROC_ROOT' | 'IW_ERR_DECODE' | 'IW_ERR_RECORD';

export class InfraWatchError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraWatchError';
    this.code = code;
  }
}
