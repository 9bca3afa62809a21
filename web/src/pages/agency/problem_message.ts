import { ApiError } from '../../api';

/** A refused call's message with the field it names, so a form says what to fix. */
export function problemMessage(failure: unknown): string {
  if (failure instanceof ApiError) {
    const where = failure.problem.path ? ` (at ${failure.problem.path})` : '';
    return `${failure.message}${where}`;
  }
  return (failure as Error).message;
}

export function statusOf(failure: unknown): number | null {
  return failure instanceof ApiError ? failure.status : null;
}
