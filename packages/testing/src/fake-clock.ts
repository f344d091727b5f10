/** A clock tests move by hand: pass `clock.now` as the server's `now`. */
export interface FakeClock {
  now(): Date;
  advance(ms: number): void;
  set(date: Date | number): void;
}

export function createFakeClock(start: Date | number = Date.UTC(2026, 0, 1)): FakeClock {
  let t = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(date) {
      t = typeof date === 'number' ? date : date.getTime();
    },
  };
}
