import { describe, expect, it } from 'vitest';

describe('public surface', () => {
  it('main entry', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toMatchInlineSnapshot(`
      [
        "LatchkeyClientErrorCode",
        "LatchkeyConfigError",
        "LatchkeyError",
        "createFetchWithAuth",
        "createLatchkey",
        "isLatchkeyError",
      ]
    `);
  });
});
