/**
 * Creating, changing and deleting JWT templates. Everything about a template
 * is checked when it is saved (claims syntax, reserved claims, lifetime,
 * clock skew, key), so minting never meets a bad one. A template's own
 * secret is kept encrypted at rest and never returned.
 */
import { TemplateSigningAlgorithm, type JwtTemplatePatch, type JwtTemplateRecord } from '../../../store/contract.js';
import type { DomainContext } from '../../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../../errors.js';
import { createId } from '../../ids.js';
import { STARTING_POINTS, type StartingPointName } from './built-in-templates.js';
import { compileClaims } from './compile-claims.js';
import { TEMPLATE_RESERVED_CLAIMS } from './mint-from-template.js';
import { MIN_SECRET_BYTES } from './sign-hmac-jwt.js';

export interface JwtTemplateInput {
  name?: string;
  claims?: unknown;
  /** Seconds; 30 to 315,360,000 (ten years). @default 60 */
  lifetime?: number | null;
  /** Seconds of `nbf` back-dating; 0 to 300. @default 5 */
  allowedClockSkew?: number | null;
  /** `true` signs with the template's own secret; `false` goes back to the instance keys. */
  customSigningKey?: boolean;
  signingAlgorithm?: string | null;
  /** The shared secret (e.g. a Supabase project's JWT secret). */
  signingKey?: string | null;
}

export const LIFETIME_RANGE = { min: 30, max: 315_360_000 } as const;
export const CLOCK_SKEW_RANGE = { min: 0, max: 300 } as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const invalid = (param: string, message: string) =>
  new LatchkeyDomainError(DomainErrorCode.JwtTemplateInvalid, `${param}: ${message}`, { param_name: param });
const nameTaken = () => new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'A JWT template with that name exists', { param_name: 'name' });

function checkName(name: string): string {
  if (!NAME.test(name)) throw invalid('name', 'letters, digits, _, . and - (1 to 64, starting with a letter or digit): it is part of the token URL');
  return name;
}

function checkRange(param: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) throw invalid(param, `an integer from ${range.min} to ${range.max}`);
  return value;
}

function checkAlgorithm(algorithm: string | null | undefined): TemplateSigningAlgorithm {
  if (!algorithm || !Object.hasOwn(TemplateSigningAlgorithm, algorithm)) {
    throw invalid('signing_algorithm', 'a template signs with the instance keys, or with its own shared secret using HS256, HS384 or HS512');
  }
  return algorithm as TemplateSigningAlgorithm;
}

function checkSecret(algorithm: TemplateSigningAlgorithm, secret: string | null | undefined): string {
  if (!secret) throw invalid('signing_key', `the shared secret is required to sign with ${algorithm}`);
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES[algorithm]) {
    throw invalid('signing_key', `${algorithm} needs a secret of at least ${MIN_SECRET_BYTES[algorithm]} bytes`);
  }
  return secret;
}

export async function getJwtTemplate(ctx: DomainContext, idOrName: string): Promise<JwtTemplateRecord> {
  const template = idOrName.startsWith('jtmp_') ? await ctx.store.jwtTemplates.getById(idOrName) : await ctx.store.jwtTemplates.getByName(idOrName);
  if (!template) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No JWT template with that id');
  return template;
}

/** Creates a template; `startingPoint` fills claims and lifetime the input does not give. */
export async function createJwtTemplate(
  ctx: DomainContext,
  input: JwtTemplateInput & { name: string; startingPoint?: StartingPointName },
): Promise<JwtTemplateRecord> {
  const start = input.startingPoint ? STARTING_POINTS[input.startingPoint] : undefined;
  const name = checkName(input.name);
  if (input.claims === undefined && !start) throw invalid('claims', 'required (or give a starting_point: default, supabase or hasura)');
  const claims = compileClaims(input.claims ?? start!.claims, { reserved: TEMPLATE_RESERVED_CLAIMS }).source;
  const required = start && 'requiresSigningAlgorithm' in start ? start.requiresSigningAlgorithm : undefined;
  const custom = input.customSigningKey ?? (required !== undefined || Boolean(input.signingKey));
  let signingAlgorithm: TemplateSigningAlgorithm | null = null;
  let signingKeyCiphertext: string | null = null;
  if (custom) {
    signingAlgorithm = checkAlgorithm(input.signingAlgorithm ?? required);
    signingKeyCiphertext = ctx.templates.secrets.seal(checkSecret(signingAlgorithm, input.signingKey));
  } else if (required) {
    throw invalid('signing_key', `the ${input.startingPoint} starting point signs with a shared secret (${required}): give signing_key`);
  }
  if (await ctx.store.jwtTemplates.getByName(name)) throw nameTaken();
  const at = ctx.now();
  const template: JwtTemplateRecord = {
    id: createId('jtmp', ctx.random),
    name,
    claims,
    lifetimeSeconds: checkRange('lifetime', input.lifetime ?? start?.lifetimeSeconds ?? 60, LIFETIME_RANGE),
    allowedClockSkewSeconds: checkRange('allowed_clock_skew', input.allowedClockSkew ?? 5, CLOCK_SKEW_RANGE),
    signingAlgorithm,
    signingKeyCiphertext,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.store.jwtTemplates.create(template);
  } catch (error) {
    if (await ctx.store.jwtTemplates.getByName(name)) throw nameTaken();
    throw error;
  }
  return template;
}

/** Changes the fields given. The next token minted from the template uses them. */
export async function updateJwtTemplate(ctx: DomainContext, idOrName: string, input: JwtTemplateInput): Promise<JwtTemplateRecord> {
  const current = await getJwtTemplate(ctx, idOrName);
  const patch: Omit<JwtTemplatePatch, 'updatedAt'> = {};
  if (input.name !== undefined && input.name !== current.name) {
    patch.name = checkName(input.name);
    if (await ctx.store.jwtTemplates.getByName(patch.name)) throw nameTaken();
  }
  if (input.claims !== undefined) patch.claims = compileClaims(input.claims, { reserved: TEMPLATE_RESERVED_CLAIMS }).source;
  if (input.lifetime != null) patch.lifetimeSeconds = checkRange('lifetime', input.lifetime, LIFETIME_RANGE);
  if (input.allowedClockSkew != null) patch.allowedClockSkewSeconds = checkRange('allowed_clock_skew', input.allowedClockSkew, CLOCK_SKEW_RANGE);
  // Giving a key or an algorithm means signing with the template's own key, unless told otherwise.
  const custom = input.customSigningKey ?? (input.signingKey || input.signingAlgorithm ? true : undefined);
  if (custom === false) {
    patch.signingAlgorithm = null;
    patch.signingKeyCiphertext = null;
  } else if (custom === true) {
    const algorithm = checkAlgorithm(input.signingAlgorithm ?? current.signingAlgorithm);
    const secret = input.signingKey ?? (current.signingKeyCiphertext ? ctx.templates.secrets.open(current.signingKeyCiphertext) : null);
    patch.signingAlgorithm = algorithm;
    patch.signingKeyCiphertext = ctx.templates.secrets.seal(checkSecret(algorithm, secret));
  }
  let updated: JwtTemplateRecord | null;
  try {
    updated = await ctx.store.jwtTemplates.update(current.id, { ...patch, updatedAt: ctx.now() });
  } catch (error) {
    const holder = patch.name ? await ctx.store.jwtTemplates.getByName(patch.name) : null;
    if (holder && holder.id !== current.id) throw nameTaken();
    throw error;
  }
  if (!updated) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No JWT template with that id');
  return updated;
}

export async function deleteJwtTemplate(ctx: DomainContext, idOrName: string): Promise<JwtTemplateRecord> {
  const template = await getJwtTemplate(ctx, idOrName);
  await ctx.store.jwtTemplates.delete(template.id);
  return template;
}
