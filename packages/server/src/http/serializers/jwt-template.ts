import type { JwtTemplateRecord, SigningAlgorithm } from '../../store/contract.js';

/**
 * A JWT template in Clerk's Backend API shape. The template's own secret is
 * never returned; `signing_algorithm` is its own algorithm, or the instance
 * key's when it signs with those.
 */
export function serializeJwtTemplate(template: JwtTemplateRecord, instanceAlgorithm: SigningAlgorithm) {
  return {
    object: 'jwt_template' as const,
    id: template.id,
    name: template.name,
    claims: template.claims,
    lifetime: template.lifetimeSeconds,
    allowed_clock_skew: template.allowedClockSkewSeconds,
    custom_signing_key: template.signingAlgorithm !== null,
    signing_algorithm: template.signingAlgorithm ?? instanceAlgorithm,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}
