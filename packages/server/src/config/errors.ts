/** Misuse at construction time: a bad or missing option. Names the env var where there is one. */
export class LatchkeyConfigError extends TypeError {
  override readonly name = 'LatchkeyConfigError';
  readonly code = 'invalid_config';
}
