import type { Logger } from 'pino';

/** A pass that runs again and again in the background until stopped, never two at once. */
export interface PeriodicTask {
  start(): void;
  /** Stops scheduling and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `delayMs()` (called anew each time, so callers can jitter it) after the previous pass ends.
 * A failed pass is logged and the schedule goes on; the timer never keeps the process alive.
 */
export function periodic(
  name: string,
  pass: () => Promise<unknown>,
  delayMs: () => number,
  logger: Logger,
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      running = pass()
        .catch((error) => logger.error({ err: error }, `${name} pass failed`))
        .finally(() => {
          running = undefined;
          if (timer) schedule();
        });
    }, delayMs());
    timer.unref();
  };
  return {
    start() {
      if (!timer) schedule();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
