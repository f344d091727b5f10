/**
 * Hosted pages at `/sign-in`, `/sign-up` and `/`, so that middleware
 * redirects land somewhere real. The forms post to the page itself, which
 * signs in through the same domain operations as the Frontend API, sets the
 * browser's cookies, and sends it to `redirect_url` — only when that is on
 * an allowed origin (no open redirects).
 */
import { z } from 'zod';
import type { RateLimits } from '../config/schema.js';
import { isDomainError } from '../domain/errors.js';
import { signInWithPassword } from '../domain/sign-in/sign-in-with-password.js';
import { signUp } from '../domain/sign-in/sign-up.js';
import type { StartSessionResult } from '../domain/sessions/start-session.js';
import { mintSessionToken } from '../domain/tokens/mint-session-token.js';
import { endClientSessions } from '../domain/sessions/end-session.js';
import { sessionCookie, setClientCookies } from '../http/client-cookies.js';
import { defineEndpoint, type RequestContext } from '../http/endpoint.js';
import { ApiError } from '../http/errors.js';
import { ApiErrorCode } from '../http/error-codes.js';
import { requestActivity } from '../http/frontend-client.js';
import { html, redirect } from '../http/respond.js';
import { renderAuthForm } from './auth-form.js';
import { escapeHtml, layout } from './layout.js';

const pageQuery = z.object({ redirect_url: z.string().max(4096).optional() });

/** The redirect target if it is allowed; null when absent; 400 when it points elsewhere. */
function allowedRedirect(rc: RequestContext<unknown, { redirect_url?: string }>): string | null {
  const value = rc.query.redirect_url;
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, rc.domain.config.publicUrl);
  } catch {
    throw new ApiError(400, ApiErrorCode.RedirectUrlInvalid, 'redirect_url is not a URL');
  }
  if (!rc.isAllowedOrigin(url.origin)) throw new ApiError(400, ApiErrorCode.RedirectUrlInvalid, 'redirect_url must point at an allowed origin');
  return url.toString();
}

async function completeSignIn(rc: RequestContext<unknown, { redirect_url?: string }>, result: StartSessionResult, target: string | null) {
  setClientCookies(rc, result.clientCookie, result.session.createdAt);
  const destination = target ?? '/';
  // Landing on the app with a fresh session token avoids a handshake round trip.
  const { jwt } = await mintSessionToken(rc.domain, { sessionId: result.session.id, azp: new URL(destination, rc.domain.config.publicUrl).origin });
  rc.responseHeaders.append('set-cookie', sessionCookie(rc, jwt));
  return redirect(destination, 303);
}

function formPage(kind: 'sign-in' | 'sign-up') {
  return defineEndpoint({
    method: 'GET',
    path: `/${kind}`,
    area: 'page',
    summary: `The hosted ${kind} page`,
    query: pageQuery,
    async handler(rc) {
      return html(renderAuthForm({ kind, redirectUrl: allowedRedirect(rc) }));
    },
  });
}

export const signInPage = formPage('sign-in');
export const signUpPage = formPage('sign-up');

const formBody = z.object({ email_address: z.string().max(320).default(''), password: z.string().max(1024).default('') });

/**
 * A hosted form's POST: rate-limited like its Frontend API twin, signs in on
 * success, and on a domain failure shows the form again with the message.
 */
function formSubmit(
  kind: 'sign-in' | 'sign-up',
  limits: { perIp: keyof RateLimits; perIdentifier: keyof RateLimits },
  start: (rc: RequestContext, emailAddress: string, password: string) => Promise<StartSessionResult>,
) {
  return defineEndpoint({
    method: 'POST',
    path: `/${kind}`,
    area: 'page',
    summary: `Submits the hosted ${kind} form`,
    query: pageQuery,
    body: formBody,
    rateLimits: [
      { rule: limits.perIp, key: ({ clientIp }) => clientIp ?? 'unknown' },
      { rule: limits.perIdentifier, key: ({ body }) => body.email_address.trim().toLowerCase() || null },
    ],
    async handler(rc) {
      const target = allowedRedirect(rc);
      try {
        return await completeSignIn(rc, await start(rc, rc.body.email_address, rc.body.password), target);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return html(renderAuthForm({ kind, redirectUrl: target, email: rc.body.email_address, error: error.message }), 422);
      }
    },
  });
}

export const signInPageSubmit = formSubmit('sign-in', { perIp: 'signInPerIp', perIdentifier: 'signInPerIdentifier' }, async (rc, identifier, password) =>
  signInWithPassword(rc.domain, { identifier, password, client: await rc.client(), activity: requestActivity(rc) }),
);

export const signUpPageSubmit = formSubmit('sign-up', { perIp: 'signUpPerIp', perIdentifier: 'signUpPerIdentifier' }, async (rc, emailAddress, password) =>
  signUp(rc.domain, { emailAddress, password, client: await rc.client(), activity: requestActivity(rc) }),
);

export const accountPage = defineEndpoint({
  method: 'GET',
  path: '/',
  area: 'page',
  summary: 'Who is signed in on this browser, with a sign-out button',
  async handler(rc) {
    const client = await rc.client();
    const sessionId = client?.lastActiveSessionId;
    const found = sessionId ? await rc.domain.store.sessions.getWithUser(sessionId) : null;
    if (!found || found.session.status !== 'active') return redirect('/sign-in', 303);
    return html(
      layout(
        'Account',
        `<h1>Signed in</h1><p>You are signed in as <strong>${escapeHtml(found.user.emailAddress)}</strong>.</p>
<form method="post" action="/sign-out"><button type="submit">Sign out</button></form>`,
      ),
    );
  },
});

export const signOutPageSubmit = defineEndpoint({
  method: 'POST',
  path: '/sign-out',
  area: 'page',
  summary: 'Signs every session on this browser out, from the hosted account page',
  async handler(rc) {
    const client = await rc.client();
    if (client) await endClientSessions(rc.domain, client.id);
    setClientCookies(rc, null, null);
    rc.responseHeaders.append('set-cookie', sessionCookie(rc, null));
    return redirect('/sign-in', 303);
  },
});
