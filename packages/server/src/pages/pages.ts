/**
 * Hosted pages at `/sign-in`, `/sign-up` and `/`, so that middleware
 * redirects land somewhere real. The forms post to the page itself, which
 * signs in through the same domain operations as the Frontend API, sets the
 * browser's cookies, and sends it to `redirect_url` — only when that is on
 * an allowed origin (no open redirects).
 */
import { z } from 'zod';
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

export const signInPageSubmit = defineEndpoint({
  method: 'POST',
  path: '/sign-in',
  area: 'page',
  summary: 'Submits the hosted sign-in form',
  query: pageQuery,
  body: z.object({ identifier: z.string().max(320).default(''), password: z.string().max(1024).default('') }),
  rateLimits: [
    { rule: 'signInPerIp', key: ({ clientIp }) => clientIp ?? 'unknown' },
    { rule: 'signInPerIdentifier', key: ({ body }) => body.identifier.trim().toLowerCase() || null },
  ],
  async handler(rc) {
    const target = allowedRedirect(rc);
    try {
      const result = await signInWithPassword(rc.domain, {
        identifier: rc.body.identifier,
        password: rc.body.password,
        client: await rc.client(),
        activity: requestActivity(rc),
      });
      return await completeSignIn(rc, result, target);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return html(renderAuthForm({ kind: 'sign-in', redirectUrl: target, email: rc.body.identifier, error: error.message }), 422);
    }
  },
});

export const signUpPageSubmit = defineEndpoint({
  method: 'POST',
  path: '/sign-up',
  area: 'page',
  summary: 'Submits the hosted sign-up form',
  query: pageQuery,
  body: z.object({ email_address: z.string().max(320).default(''), password: z.string().max(1024).default('') }),
  rateLimits: [
    { rule: 'signUpPerIp', key: ({ clientIp }) => clientIp ?? 'unknown' },
    { rule: 'signUpPerIdentifier', key: ({ body }) => body.email_address.trim().toLowerCase() || null },
  ],
  async handler(rc) {
    const target = allowedRedirect(rc);
    try {
      const result = await signUp(rc.domain, {
        emailAddress: rc.body.email_address,
        password: rc.body.password,
        client: await rc.client(),
        activity: requestActivity(rc),
      });
      return await completeSignIn(rc, result, target);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return html(renderAuthForm({ kind: 'sign-up', redirectUrl: target, email: rc.body.email_address, error: error.message }), 422);
    }
  },
});

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
