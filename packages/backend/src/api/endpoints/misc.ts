import type { ApiRequest } from '../request.js';
import type { ClientJson, DeletedObjectJson, HandshakePayloadJson, InstanceSettingsJson, JwksJson, JwtTemplateJson, PaginatedList } from '../resources.js';

const enc = encodeURIComponent;

export interface JwtTemplateParams {
  name: string;
  claims: Record<string, unknown>;
  lifetime?: number;
  allowed_clock_skew?: number;
  signing_algorithm?: string;
  custom_signing_key?: boolean;
  signing_key?: string;
}

export function clientsApi(request: ApiRequest) {
  return {
    getClient(clientId: string) {
      return request<ClientJson>('GET', `/clients/${enc(clientId)}`);
    },
    getHandshakePayload(params: { nonce: string }) {
      return request<HandshakePayloadJson>('GET', '/clients/handshake_payload', { query: params });
    },
  };
}

export function jwtTemplatesApi(request: ApiRequest) {
  return {
    list(params: { paginated?: boolean } = {}) {
      return request<JwtTemplateJson[] | PaginatedList<JwtTemplateJson>>('GET', '/jwt_templates', { query: { ...params } });
    },
    get(templateId: string) {
      return request<JwtTemplateJson>('GET', `/jwt_templates/${enc(templateId)}`);
    },
    create(params: JwtTemplateParams) {
      return request<JwtTemplateJson>('POST', '/jwt_templates', { body: params });
    },
    update(templateId: string, params: Partial<JwtTemplateParams>) {
      return request<JwtTemplateJson>('PATCH', `/jwt_templates/${enc(templateId)}`, { body: params });
    },
    delete(templateId: string) {
      return request<DeletedObjectJson>('DELETE', `/jwt_templates/${enc(templateId)}`);
    },
  };
}

export function jwksApi(request: ApiRequest) {
  return {
    getJwks() {
      return request<JwksJson>('GET', '/jwks');
    },
  };
}

export function instanceApi(request: ApiRequest) {
  return {
    /** `GET /instance`: session lifetime, multi-session mode, token TTL, cookies… (snake_case). */
    getInstance() {
      return request<InstanceSettingsJson>('GET', '/instance');
    },
    /** `PATCH /instance`: validated, audited and applied without a restart. */
    updateInstance(params: Record<string, unknown>) {
      return request<InstanceSettingsJson>('PATCH', '/instance', { body: params });
    },
  };
}
