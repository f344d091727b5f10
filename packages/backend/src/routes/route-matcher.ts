import { normalizePath } from './normalize-path.js';

/** A pattern in Clerk's syntax (`'/admin(.*)'`, `'/org/:slug/:path*'`) or a RegExp. */
export type RoutePattern = string | RegExp;
/** What a matcher accepts. */
export type RouteMatcherInput = Request | URL | string;
/** Patterns, or a predicate over the request. */
export type RouteMatcherParam = RoutePattern | readonly RoutePattern[] | ((request: Request) => boolean);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compiles a Clerk/path-to-regexp style pattern: `(regex)` groups, `:name`
 * segments with optional `?`, `*`, `+` modifiers, a lone `*` as `(.*)`, and
 * literals. Anchored, case-insensitive, and with `s` so `.` also matches line
 * terminators (they are refused before matching anyway).
 */
export function compilePattern(pattern: string): RegExp {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < pattern.length && depth > 0; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')') depth--;
      }
      if (depth !== 0) throw new TypeError(`Unbalanced group in route pattern ${JSON.stringify(pattern)}`);
      source += `(?:${pattern.slice(i + 1, j - 1)})`;
      i = j;
      const mod = pattern[i];
      if (mod === '?' || mod === '*' || mod === '+') {
        source += mod;
        i++;
      }
    } else if (ch === ':') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(pattern.slice(i + 1));
      if (!name) throw new TypeError(`Missing parameter name in route pattern ${JSON.stringify(pattern)}`);
      i += 1 + name[0].length;
      const mod = pattern[i];
      // `/:p*` and `/:p?` may also drop the slash before them, as in path-to-regexp.
      const slash = source.endsWith('\\/');
      if (mod === '*' || mod === '?' || mod === '+') {
        if (slash) source = source.slice(0, -2);
        const one = slash ? '\\/[^\\/]+' : '[^\\/]+';
        source += mod === '*' ? `(?:${one})*` : mod === '?' ? `(?:${one})?` : `(?:${one})+`;
        i++;
      } else {
        source += '[^\\/]+';
      }
    } else if (ch === '*') {
      source += '(?:.*)';
      i++;
    } else {
      source += escape(ch);
      i++;
    }
  }
  return new RegExp(`^${source}$`, 'is');
}

function toPathname(input: RouteMatcherInput): string {
  if (typeof input === 'string') {
    // A path or an absolute URL. Resolving against a dummy base keeps the raw
    // escapes: WHATWG URL parsing does not decode %2F, we do (normalizePath).
    return /^[a-z][a-z0-9+.-]*:/i.test(input) ? new URL(input).pathname : input.split(/[?#]/, 1)[0]!;
  }
  if (input instanceof URL) return input.pathname;
  return new URL(input.url).pathname;
}

/**
 * Builds a predicate that says whether a request's path matches any of the
 * patterns, on the normalised path (see `normalizePath`), so `//admin`,
 * `/ADMIN`, `/%61dmin`, `/x/../admin` and `/admin;x` all match `'/admin(.*)'`.
 * A malformed path throws `MalformedPathError` (answer 400) instead of being
 * guessed at. Prefer checks inside handlers (`await auth.protect()`); the
 * matcher is a convenience on top.
 * @example
 * const isProtected = createRouteMatcher(['/admin(.*)', '/api/(.*)'])
 * if (isProtected(request)) await auth.protect()
 */
export function createRouteMatcher(routes: RouteMatcherParam): (input: RouteMatcherInput) => boolean {
  if (typeof routes === 'function') {
    return (input) => routes(input instanceof Request ? input : new Request(input instanceof URL ? input : new URL(input, 'http://localhost')));
  }
  const list = (Array.isArray(routes) ? routes : [routes]) as RoutePattern[];
  const regexes = list.map((route) => (typeof route === 'string' ? compilePattern(route) : route));
  return (input) => {
    const path = normalizePath(toPathname(input));
    return regexes.some((re) => {
      re.lastIndex = 0;
      return re.test(path);
    });
  };
}
