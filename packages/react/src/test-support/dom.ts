/**
 * A happy-dom window for React tests, registered on the global object for
 * react-dom, but only where Node has nothing of its own: `fetch`, `Request`,
 * `Response`, `Headers`, `URL`, `BroadcastChannel`… stay Node's, so the real
 * Latchkey server in the same process keeps its standard HTTP semantics
 * (happy-dom's `Request` drops the `Origin` header, as browsers' scripts
 * cannot set it). Import this module first.
 */
import { Window } from 'happy-dom';

export const APP_ORIGIN = 'http://localhost:3000';
export const window = new Window({ url: `${APP_ORIGIN}/` });

const g = globalThis as Record<string, unknown>;
const seen = new Set<string>();
for (let proto: object | null = window; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (seen.has(key) || key in globalThis || key === 'constructor') continue;
    seen.add(key);
    Object.defineProperty(globalThis, key, {
      configurable: true,
      get: () => {
        const value = (window as unknown as Record<string, unknown>)[key];
        return typeof value === 'function' && !/^[A-Z]/.test(key) ? value.bind(window) : value;
      },
    });
  }
}
if (!("window" in globalThis)) Object.defineProperty(globalThis, "window", { configurable: true, value: window });
g.IS_REACT_ACT_ENVIRONMENT = true;
