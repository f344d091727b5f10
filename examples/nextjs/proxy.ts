import { NextResponse } from 'next/server';
import { createRouteMatcher, latchkeyMiddleware } from '@latchkey/nextjs/server';
import { embeddedLatchkey } from './lib/latchkey';

const isPublicRoute = createRouteMatcher(['/', '/sign-in(.*)', '/sign-up(.*)', '/api/webhooks(.*)', '/api/public(.*)', '/bench/open']);
const isAdminRoute = createRouteMatcher(['/admin(.*)']);
const isApiRoute = createRouteMatcher(['/api/(.*)']);

export default latchkeyMiddleware(
  async (auth, req) => {
    if (isPublicRoute(req)) return;
    // Signed out: pages go to /sign-in?redirect_url=<this page>, API calls get 401.
    const { userId, has } = await auth.protect();
    if (isAdminRoute(req) && !has({ role: 'org:admin' })) {
      return NextResponse.redirect(new URL('/unauthorized', req.url));
    }
    if (isApiRoute(req)) {
      const headers = new Headers(req.headers);
      headers.set('x-user-id', userId);
      return NextResponse.next({ request: { headers } });
    }
  },
  { embedded: embeddedLatchkey },
);

// Next reads this statically: keep it literal (same as `defaultMatcher` from @latchkey/nextjs/server).
export const config = {
  matcher: [
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    '/(api|trpc)(.*)',
  ],
};
