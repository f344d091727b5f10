import type { ApiRequest } from '../request.js';
import type { ListParams, PaginatedList, SessionJson, SessionStatus, TokenJson } from '../resources.js';

const enc = encodeURIComponent;

export function sessionsApi(request: ApiRequest) {
  return {
    /** `GET /sessions` */
    getSessionList(params: ListParams & { user_id?: string; client_id?: string; status?: SessionStatus; paginated?: boolean } = {}) {
      return request<SessionJson[] | PaginatedList<SessionJson>>('GET', '/sessions', { query: { ...params } });
    },
    /** `GET /sessions/{id}` */
    getSession(sessionId: string) {
      return request<SessionJson>('GET', `/sessions/${enc(sessionId)}`);
    },
    /** `POST /sessions`: create a session for a user (testing, impersonation tooling). */
    createSession(params: { user_id: string }) {
      return request<SessionJson>('POST', '/sessions', { body: params });
    },
    /** `POST /sessions/{id}/revoke` */
    revokeSession(sessionId: string) {
      return request<SessionJson>('POST', `/sessions/${enc(sessionId)}/revoke`);
    },
    /** `POST /sessions/{id}/tokens[/{template}]`: mint a session token or a JWT-template token. */
    getToken(sessionId: string, template?: string, params?: { expires_in_seconds?: number }) {
      const path = `/sessions/${enc(sessionId)}/tokens${template ? `/${enc(template)}` : ''}`;
      return request<TokenJson>('POST', path, params ? { body: params } : {});
    },
    /** `POST /sessions/{id}/refresh` */
    refreshSession(sessionId: string, params: { expired_token?: string; refresh_token?: string; request_origin?: string } = {}) {
      return request<TokenJson>('POST', `/sessions/${enc(sessionId)}/refresh`, { body: params });
    },
  };
}
