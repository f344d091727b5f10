import { describe, expect, it } from 'vitest';

describe('public surface', () => {
  it('main entry', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toMatchInlineSnapshot(`
      [
        "LatchkeyProvider",
        "OrganizationSwitcher",
        "Protect",
        "SessionList",
        "SignIn",
        "SignUp",
        "SignedIn",
        "SignedOut",
        "UserButton",
        "useAuth",
        "useLatchkey",
        "useOrganization",
        "useOrganizationList",
        "useSession",
        "useSessionList",
        "useUser",
      ]
    `);
  });
});
