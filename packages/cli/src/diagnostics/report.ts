/** Steps of a diagnostic run: each passes, fails with a likely cause, or is skipped because an earlier one failed. */

export interface StepResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  /** What was seen (never a token, cookie or key). */
  detail?: string;
  /** On failure: the most likely reason and what to do about it. */
  cause?: string;
}

/** Thrown inside a step to fail it with what was seen and why it probably happened. */
export class StepFailure extends Error {
  readonly cause_: string | undefined;
  constructor(detail: string, cause?: string) {
    super(detail);
    this.name = 'StepFailure';
    this.cause_ = cause;
  }
}

export const fail = (detail: string, cause?: string): never => {
  throw new StepFailure(detail, cause);
};

export class Report {
  readonly steps: StepResult[] = [];
  private blocked: string | null = null;
  constructor(private readonly onStep: (step: StepResult) => void = () => {}) {}

  get ok(): boolean {
    return this.steps.every((s) => s.status !== 'fail');
  }

  /**
   * Runs one step unless an earlier required step failed. Returns the step's
   * value, or `undefined` when it failed or was skipped. `required` steps
   * block the ones after them when they fail.
   */
  async step<T>(name: string, run: () => Promise<T | { detail: string; value: T }>, options: { required?: boolean } = {}): Promise<T | undefined> {
    if (this.blocked !== null) {
      this.record({ name, status: 'skip', detail: `needs: ${this.blocked}` });
      return undefined;
    }
    try {
      const result = await run();
      const isDetailed = typeof result === 'object' && result !== null && 'detail' in result && 'value' in result;
      this.record({ name, status: 'pass', ...(isDetailed ? { detail: (result as { detail: string }).detail } : {}) });
      return isDetailed ? (result as { value: T }).value : (result as T);
    } catch (error) {
      if (error instanceof StepFailure) this.record({ name, status: 'fail', detail: error.message, ...(error.cause_ ? { cause: error.cause_ } : {}) });
      else this.record({ name, status: 'fail', detail: error instanceof Error ? error.message : String(error) });
      if (options.required) this.blocked = name;
      return undefined;
    }
  }

  /** Records a step decided outside `step()` (e.g. a skipped check with a reason). */
  record(result: StepResult): void {
    this.steps.push(result);
    this.onStep(result);
  }
}

export const passWith = <T>(detail: string, value: T) => ({ detail, value });
