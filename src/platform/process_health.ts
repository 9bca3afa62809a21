/** Where this process's scheduled jobs are: not run here, waiting to start, running, or failed to start. */
export type JobsHealthState = 'not_run' | 'starting' | 'running' | 'failed';

/**
 * What `/healthz` reports about this process beyond the database: parts that start in the
 * background (the job queue) record here whether they came up, so a failed start is visible.
 */
export class ProcessHealth {
  private jobsState: JobsHealthState = 'not_run';
  private jobsError: string | null = null;
  private jobsFailedAt: Date | null = null;

  jobsStarting(): void {
    this.jobsState = 'starting';
    this.jobsError = null;
  }

  jobsRunning(): void {
    this.jobsState = 'running';
    this.jobsError = null;
  }

  jobsFailed(error: unknown, at: Date): void {
    this.jobsState = 'failed';
    this.jobsError = error instanceof Error ? error.message : String(error);
    this.jobsFailedAt = at;
  }

  jobs(): { state: JobsHealthState; error: string | null; failedAt: Date | null } {
    return { state: this.jobsState, error: this.jobsError, failedAt: this.jobsFailedAt };
  }
}
