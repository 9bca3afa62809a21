import type { DemoProgress } from '../run_demo.js';

const barWidth = 30;
/** Redraws at most this often; a terminal needs no more. */
const redrawIntervalMs = 100;

/**
 * A one-line progress bar on standard error, drawn only when it is a terminal (never into a log
 * file or a pipe); standard output keeps only the result.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update(progress: DemoProgress): void;
  done(): void;
} {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let lastDrawMs = 0;
  let drawn = false;
  return {
    update(progress) {
      const nowMs = Date.now();
      if (progress.day < progress.days && nowMs - lastDrawMs < redrawIntervalMs) return;
      lastDrawMs = nowMs;
      const filled = Math.round((progress.day / progress.days) * barWidth);
      const percent = Math.floor((progress.day / progress.days) * 100);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${String(percent).padStart(3)}% ` +
          `${progress.date}  signups ${progress.signups}  invoices ${progress.invoices}\u001b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
