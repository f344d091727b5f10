import { MalformedPathError } from '../errors.js';

// Characters no route path legitimately holds once decoded, and that regexes
// and routers disagree about: C0 controls (incl. encoded CR/LF), DEL, and the
// Unicode line/paragraph separators that `.` does not match without /s.
const forbidden = /[\u0000-\u001f\u007f\u2028\u2029]/;

/**
 * The path a route pattern is matched against, normalised so that no spelling
 * of a protected path can slip past its pattern: percent-decoded once (a
 * malformed escape or invalid UTF-8 throws, never guessed), `\` read as `/`,
 * `;` parameters dropped from each segment, `//` collapsed, `.`/`..`
 * resolved, trailing dots of a segment and trailing slashes removed, and
 * lower-cased. Matching then over-matches rather than under-matches.
 * @throws MalformedPathError (answer 400)
 * @example normalizePath('/x/..//ADMIN;jsessionid=1/') // '/admin'
 */
export function normalizePath(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new MalformedPathError('Malformed percent-encoding in the request path.');
  }
  if (forbidden.test(decoded)) throw new MalformedPathError('Control or line-separator characters in the request path.');
  const out: string[] = [];
  for (const raw of decoded.replace(/\\/g, '/').split('/')) {
    const semicolon = raw.indexOf(';');
    let segment = semicolon === -1 ? raw : raw.slice(0, semicolon);
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      out.pop();
      continue;
    }
    // `admin.` and `admin` name the same resource on some servers and file systems.
    segment = segment.replace(/\.+$/, '');
    if (segment === '') continue;
    out.push(segment);
  }
  return `/${out.join('/')}`.toLowerCase();
}
