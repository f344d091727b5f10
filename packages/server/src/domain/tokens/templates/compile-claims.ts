/**
 * JWT-template claims with shortcodes, compiled once and rendered per token,
 * with Clerk's rules:
 *
 * - A string that is exactly one `{{ … }}` takes the type of what it names:
 *   `"{{user.public_metadata}}"` becomes an object, `"{{user.created_at}}"` a
 *   number, a missing value `null`.
 * - Shortcodes inside a longer string are interpolated and the result is a
 *   string: `"{{user.last_name}} {{user.first_name}}"` (a missing value
 *   prints `null`, as Clerk's does; write `{{user.last_name || ''}}` to avoid it).
 * - `{{ a || b || 'literal' }}` is the first operand that is neither `null`
 *   nor `false`, else the last one. Literals: 'single-quoted strings',
 *   numbers, `true`, `false`.
 * - Unknown shortcodes are `null`. Private metadata is never available: a
 *   template token may be minted by the browser.
 *
 * Syntax errors, private metadata and reserved claim names are refused when
 * the template is saved, not when a token is minted.
 */
import type { Json } from '../../../store/contract.js';
import { DomainErrorCode, LatchkeyDomainError } from '../../errors.js';

type Operand = { literal: string | number | boolean } | { path: string };
type Expression = Operand[];
type Node =
  | { kind: 'static'; value: unknown }
  | { kind: 'expression'; expression: Expression }
  | { kind: 'interpolation'; parts: (string | Expression)[] }
  | { kind: 'object'; entries: [string, Node][] }
  | { kind: 'array'; items: Node[] };

/** Looks a shortcode path up (`user.public_metadata.plan`); `undefined` when there is nothing there. */
export type ShortcodeResolver = (path: string) => unknown;

export interface CompiledClaims {
  /** The claims JSON as written (what the API returns). */
  readonly source: Json;
  render(resolve: ShortcodeResolver): Json;
}

export interface CompileOptions {
  /** Top-level claim names the template may not set (the token's own). */
  reserved: ReadonlySet<string>;
  /** The request field to blame in errors. @default 'claims' */
  param?: string;
}

/** Longest claims JSON accepted, in characters. */
export const MAX_CLAIMS_JSON_LENGTH = 32_768;
const MAX_DEPTH = 16;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_$-]+)+$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const PRIVATE = /^(user|org|org_membership)\.private_metadata(\.|$)/;

class ClaimsSyntaxError extends Error {}

function parseExpression(text: string): Expression {
  const operands: Expression = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= text.length) throw new ClaimsSyntaxError(operands.length ? 'an operand is missing after ||' : 'an empty {{ }}');
    if (text[i] === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ClaimsSyntaxError('a string literal is not closed with \'');
        const c = text[i++]!;
        if (c === "'") break;
        if (c === '\\' && (text[i] === "'" || text[i] === '\\')) value += text[i++]!;
        else value += c;
      }
      operands.push({ literal: value });
    } else {
      const start = i;
      while (i < text.length && !/[\s|']/.test(text[i]!)) i++;
      const token = text.slice(start, i);
      if (token === 'true' || token === 'false') operands.push({ literal: token === 'true' });
      else if (NUMBER.test(token)) operands.push({ literal: Number(token) });
      else if (PATH.test(token)) {
        if (PRIVATE.test(token)) throw new ClaimsSyntaxError(`${token}: private metadata is never put in tokens`);
        operands.push({ path: token });
      } else throw new ClaimsSyntaxError(`${JSON.stringify(token || text.slice(start, start + 1))} is not a shortcode, a 'string', a number, true or false`);
    }
    skipSpace();
    if (i >= text.length) return operands;
    if (text.startsWith('||', i)) {
      i += 2;
      continue;
    }
    throw new ClaimsSyntaxError(`expected || or }} after the operand, found ${JSON.stringify(text.slice(i, i + 8))}`);
  }
}

/** The `}}` closing a `{{` that opened before `from`, skipping over 'string literals' (which may contain `}}`). */
function findClose(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

function parseString(value: string): Node {
  if (!value.includes('{{')) return { kind: 'static', value };
  const parts: (string | Expression)[] = [];
  let rest = value;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open === -1) {
      parts.push(rest);
      break;
    }
    const close = findClose(rest, open + 2);
    if (close === -1) throw new ClaimsSyntaxError('a {{ is not closed with }}');
    if (open > 0) parts.push(rest.slice(0, open));
    parts.push(parseExpression(rest.slice(open + 2, close)));
    rest = rest.slice(close + 2);
  }
  const expressions = parts.filter((p) => typeof p !== 'string');
  const onlySpaceAround = parts.every((p) => typeof p !== 'string' || p.trim() === '');
  if (expressions.length === 1 && onlySpaceAround) return { kind: 'expression', expression: expressions[0] as Expression };
  return { kind: 'interpolation', parts };
}

function compileNode(value: unknown, depth: number): Node {
  if (depth > MAX_DEPTH) throw new ClaimsSyntaxError(`claims nest deeper than ${MAX_DEPTH} levels`);
  if (typeof value === 'string') return parseString(value);
  if (Array.isArray(value)) return { kind: 'array', items: value.map((v) => compileNode(v, depth + 1)) };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, compileNode(v, depth + 1)]) };
  }
  return { kind: 'static', value };
}

function evaluate(expression: Expression, resolve: ShortcodeResolver): unknown {
  let value: unknown = null;
  for (const operand of expression) {
    value = 'literal' in operand ? operand.literal : (resolve(operand.path) ?? null);
    if (value !== null && value !== false) return value;
  }
  return value;
}

const toText = (value: unknown): string => (typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));

function renderNode(node: Node, resolve: ShortcodeResolver): unknown {
  switch (node.kind) {
    case 'static':
      return node.value;
    case 'expression':
      return evaluate(node.expression, resolve);
    case 'interpolation':
      return node.parts.map((p) => (typeof p === 'string' ? p : toText(evaluate(p, resolve)))).join('');
    case 'array':
      return node.items.map((item) => renderNode(item, resolve));
    case 'object':
      return Object.fromEntries(node.entries.map(([k, v]) => [k, renderNode(v, resolve)]));
  }
}

/** Compiles template claims, or throws `jwt_template_invalid` saying what is wrong and where. */
export function compileClaims(claims: unknown, options: CompileOptions): CompiledClaims {
  const param = options.param ?? 'claims';
  const fail = (message: string) => new LatchkeyDomainError(DomainErrorCode.JwtTemplateInvalid, `${param}: ${message}`, { param_name: param });
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw fail('must be a JSON object');
  if (JSON.stringify(claims).length > MAX_CLAIMS_JSON_LENGTH) throw fail(`must be at most ${MAX_CLAIMS_JSON_LENGTH} characters of JSON`);
  const reserved = Object.keys(claims).filter((k) => options.reserved.has(k));
  if (reserved.length > 0) {
    throw fail(`${reserved.join(', ')} ${reserved.length > 1 ? 'are' : 'is'} set by Latchkey on every token and cannot be templated`);
  }
  const entries: [string, Node][] = [];
  for (const [key, value] of Object.entries(claims)) {
    try {
      entries.push([key, compileNode(value, 1)]);
    } catch (error) {
      if (error instanceof ClaimsSyntaxError) throw fail(`${key}: ${error.message}`);
      throw error;
    }
  }
  const root: Node = { kind: 'object', entries };
  return { source: claims as Json, render: (resolve) => renderNode(root, resolve) as Json };
}
