'use client';
/**
 * @latchkey/nextjs: the React provider, hooks and components for Next.js
 * client components (server-side APIs live in `@latchkey/nextjs/server`).
 */
export * from '@latchkey/react';
export { LatchkeyProvider } from './client/latchkey-provider.js';
export { createFetchWithAuth } from '@latchkey/js';
