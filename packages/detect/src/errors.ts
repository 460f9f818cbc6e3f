// Typed configuration errors. They are thrown only by createDetector()/detect() option handling,
// at configuration time; scanning itself never throws.

/** An option has the wrong type or range. */
export const ERR_INVALID_OPTION = 'SECOTEL_ERR_DETECT_INVALID_OPTION';
/** `options.categories` names a category that does not exist. */
export const ERR_UNKNOWN_CATEGORY = 'SECOTEL_ERR_DETECT_UNKNOWN_CATEGORY';

/** Thrown by {@link createDetector} when its options cannot be used; `code` says which problem. */
export class DetectConfigurationError extends Error {
  readonly code: typeof ERR_INVALID_OPTION | typeof ERR_UNKNOWN_CATEGORY;

  constructor(code: typeof ERR_INVALID_OPTION | typeof ERR_UNKNOWN_CATEGORY, message: string) {
    super(message);
    this.name = 'DetectConfigurationError';
    this.code = code;
  }
}
