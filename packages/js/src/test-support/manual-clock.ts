import type { FakeClock } from '@latchkey/testing';
import type { Clock } from '../clock.js';

/**
 * A clock whose timers fire only when the test advances time, sharing its
 * "now" with the test server's fake clock so tokens are minted in the same
 * time line. `sleep(ms)` moves time without firing timers, like a laptop lid.
 */
export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order (awaiting what each starts). */
  advance(ms: number): Promise<void>;
  /** Moves time forward without firing timers (the machine slept). */
  sleep(ms: number): void;
  pendingTimers(): number;
}

export function createManualClock(fake: FakeClock): ManualClock {
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const now = () => fake.now().getTime();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now() + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = now() + ms;
      for (;;) {
        let first: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) first = entry;
        if (!first) break;
        timers.delete(first[0]);
        if (first[1].at > now()) fake.set(first[1].at);
        first[1].fn();
        await settle();
      }
      fake.set(end);
      await settle();
    },
    sleep(ms) {
      fake.advance(ms);
    },
    pendingTimers: () => timers.size,
  };
}
