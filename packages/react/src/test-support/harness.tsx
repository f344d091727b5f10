import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { CookieJar, createTestServer, type TestServer } from '@latchkey/testing';
import { createLatchkey, type Latchkey } from '@latchkey/js';
import { APP_ORIGIN, window } from './dom.js';

export const PASSWORD = 'correct horse battery staple';

/** A real server on loopback and browser clients whose network side carries the auth server's cookies and the app's Origin. */
export async function createReactHarness() {
  const t: TestServer = await createTestServer({ listen: true, clock: false, allowedOrigins: [APP_ORIGIN] });
  const roots: Root[] = [];
  const clients: Latchkey[] = [];
  return {
    t,
    client(options: { userAgent?: string } = {}): Latchkey {
      const jar = new CookieJar();
      const client = createLatchkey({
        publishableKey: t.publishableKey,
        async fetch(input, init = {}) {
          const headers = new Headers(init.headers);
          headers.set('origin', APP_ORIGIN);
          if (options.userAgent) headers.set('user-agent', options.userAgent);
          if (jar.header()) headers.set('cookie', jar.header());
          const response = await fetch(String(input), { ...init, headers });
          jar.store(response);
          return response;
        },
        storage: null,
        BroadcastChannel: null,
        locks: null,
        lifecycleEvents: null,
      });
      clients.push(client);
      return client;
    },
    async render(node: ReactNode): Promise<HTMLElement> {
      const container = window.document.createElement('div') as unknown as HTMLElement;
      window.document.body.appendChild(container as never);
      const root = createRoot(container);
      roots.push(root);
      await act(async () => root.render(node));
      return container;
    },
    async close() {
      for (const root of roots) await act(async () => root.unmount());
      for (const client of clients) client.destroy();
      window.document.body.innerHTML = '';
      await t.close();
    },
  };
}

/** Waits (real time) until `check` passes, flushing React updates as it goes. */
export async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  }
}

/** Types into an input the way React notices (native value setter + input event). */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!;
  setter.call(input, value);
  input.dispatchEvent(new window.Event('input', { bubbles: true }) as unknown as Event);
}

export async function click(element: Element | null | undefined): Promise<void> {
  if (!element) throw new Error('nothing to click');
  await act(async () => (element as HTMLElement).click());
}

export function byText(container: HTMLElement, selector: string, text: string | RegExp): HTMLElement | undefined {
  return [...container.querySelectorAll<HTMLElement>(selector)].find((el) => (typeof text === 'string' ? el.textContent?.trim() === text : text.test(el.textContent ?? '')));
}
