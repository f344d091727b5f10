/**
 * JSON responses. The Content-Type is exactly `application/json` with no
 * charset parameter: Clerk's client reads anything else as text (DESIGN §8).
 */
export const JSON_CONTENT_TYPE = 'application/json';

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(body), { status, headers });
  response.headers.set('content-type', JSON_CONTENT_TYPE);
  return response;
}

export function html(body: string, status = 200, headers?: HeadersInit): Response {
  const response = new Response(body, { status, headers });
  response.headers.set('content-type', 'text/html; charset=utf-8');
  // Hosted pages are never framed (clickjacking) and load nothing from elsewhere.
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.headers.set('referrer-policy', 'same-origin');
  return response;
}

export function redirect(location: string, status: 302 | 303 | 307 = 303, headers?: HeadersInit): Response {
  const response = new Response(null, { status, headers });
  response.headers.set('location', location);
  response.headers.set('cache-control', 'no-store');
  return response;
}
