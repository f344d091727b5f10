/**
 * The cache seam, sized like better-auth's SecondaryStorage: short-lived
 * values, atomic counters for rate limits, and publish/subscribe for the
 * revocation fan-out between server instances. `memory.ts` serves one node;
 * a Redis implementation serves many.
 */
export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Atomically adds one and returns the new value; the key expires `ttlSeconds` after it was created. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /**
   * One atomic step of a sliding-window counter: adds one to `currentKey`
   * (which expires `ttlSeconds` after it was created) and reads `previousKey`,
   * so concurrent hits on every instance see one consistent count.
   */
  incrementWindow(currentKey: string, previousKey: string, ttlSeconds: number): Promise<{ current: number; previous: number }>;
  publish(channel: string, message: string): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
