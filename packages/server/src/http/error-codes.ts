import { DomainErrorCode } from '../domain/errors.js';

/** HTTP API error codes (snake_case, public API). Domain codes are in `domain/errors.ts`. */
export const ApiErrorCode = {
  ResourceNotFound: 'resource_not_found',
  MalformedRequestBody: 'malformed_request_body',
  RequestBodyTooLarge: 'request_body_too_large',
  RequestHeaderFieldsTooLarge: 'request_header_fields_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  FormParamMissing: 'form_param_missing',
  FormParamInvalid: 'form_param_format_invalid',
  QueryParamInvalid: 'query_param_invalid',
  AuthorizationHeaderMissing: 'authorization_header_missing',
  AuthenticationInvalid: 'authentication_invalid',
  OriginInvalid: 'origin_invalid',
  RedirectUrlInvalid: 'redirect_url_invalid',
  SignedOut: 'signed_out',
  TooManyRequests: 'too_many_requests',
  InternalError: 'internal_server_error',
  ServiceUnavailable: 'service_unavailable',
  NotAcceptable: 'not_acceptable',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** The HTTP status of each domain failure, in one place. */
export const domainErrorStatus: Record<DomainErrorCode, number> = {
  [DomainErrorCode.IdentifierOrPasswordInvalid]: 422,
  [DomainErrorCode.IdentifierExists]: 422,
  [DomainErrorCode.IdentifierInvalid]: 422,
  [DomainErrorCode.PasswordInvalid]: 422,
  [DomainErrorCode.UserBanned]: 403,
  [DomainErrorCode.UserLocked]: 403,
  [DomainErrorCode.ResourceNotFound]: 404,
  [DomainErrorCode.SessionNotActive]: 401,
  [DomainErrorCode.SessionLimitReached]: 422,
  [DomainErrorCode.OrganizationMembershipNotFound]: 403,
  [DomainErrorCode.InvalidSettings]: 422,
  [DomainErrorCode.TemplateNotFound]: 404,
  [DomainErrorCode.AlreadyAMember]: 422,
  [DomainErrorCode.MembershipQuotaExceeded]: 422,
  [DomainErrorCode.SystemResourceImmutable]: 422,
  [DomainErrorCode.RoleInUse]: 422,
  [DomainErrorCode.JwtTemplateInvalid]: 422,
  [DomainErrorCode.SessionTokenTooLarge]: 422,
};
