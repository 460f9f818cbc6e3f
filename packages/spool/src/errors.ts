/** Stable error codes of the spool, in the style of Node.js and Fastify (`FST_ERR_*`). */
export type SpoolErrorCode =
  /** The directory cannot be created, is not a directory, or cannot be written (EACCES, EROFS, ENOTDIR, ...). */
  | 'SECOTEL_ERR_SPOOL_UNWRITABLE'
  /** The file system holding the directory is full (ENOSPC, EDQUOT). */
  | 'SECOTEL_ERR_SPOOL_NO_SPACE'
  /** Another live process (or another spool in this process) uses the directory. */
  | 'SECOTEL_ERR_SPOOL_LOCKED'
  /** An option or `SECOTEL_SPOOL_*` variable has an invalid value. */
  | 'SECOTEL_ERR_SPOOL_OPTION';

/**
 * Thrown when a spool cannot be opened, at configuration time only: once open, the spool never
 * throws into the application; it counts what it could not keep and reports it.
 */
export class SpoolError extends Error {
  readonly code: SpoolErrorCode;
  /** The spool directory concerned. */
  readonly directory: string;

  constructor(code: SpoolErrorCode, directory: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpoolError';
    this.code = code;
    this.directory = directory;
  }
}
