import { AppError } from './errors.js';

/** The most a reviewer's note on an audited decision (a fraud flag, a payout run) may hold. */
export const auditNoteLengthMax = 2_000;

/** The note as stored: trimmed, null when empty; a longer one is refused with a 400 on `note`. */
export function auditNoteOf(note: string | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > auditNoteLengthMax) {
    throw new AppError('validation_failed', `note is at most ${auditNoteLengthMax} characters`, {
      path: 'note',
    });
  }
  return trimmed;
}
