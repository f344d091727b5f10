import type { ApiRequest } from '../request.js';
import type { DeletedObjectJson, ListParams, OrganizationMembershipJson, PaginatedList, UserJson } from '../resources.js';

const enc = encodeURIComponent;

export interface CreateUserParams {
  email_address?: string[];
  password?: string;
  public_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  unsafe_metadata?: Record<string, unknown>;
  skip_password_checks?: boolean;
}

export type UpdateUserParams = Partial<Omit<CreateUserParams, 'email_address'>> & { primary_email_address_id?: string };

export function usersApi(request: ApiRequest) {
  return {
    getUserList(params: ListParams & { email_address?: string[]; user_id?: string[]; query?: string; paginated?: boolean } = {}) {
      return request<UserJson[] | PaginatedList<UserJson>>('GET', '/users', { query: { ...params } });
    },
    getCount(params: { email_address?: string[]; query?: string } = {}) {
      return request<{ object: 'total_count'; total_count: number }>('GET', '/users/count', { query: { ...params } });
    },
    getUser(userId: string) {
      return request<UserJson>('GET', `/users/${enc(userId)}`);
    },
    createUser(params: CreateUserParams) {
      return request<UserJson>('POST', '/users', { body: params });
    },
    updateUser(userId: string, params: UpdateUserParams) {
      return request<UserJson>('PATCH', `/users/${enc(userId)}`, { body: params });
    },
    deleteUser(userId: string) {
      return request<DeletedObjectJson>('DELETE', `/users/${enc(userId)}`);
    },
    /** `PATCH /users/{id}/metadata`: deep-merges the given metadata. */
    updateUserMetadata(userId: string, params: Pick<CreateUserParams, 'public_metadata' | 'private_metadata' | 'unsafe_metadata'>) {
      return request<UserJson>('PATCH', `/users/${enc(userId)}/metadata`, { body: params });
    },
    banUser(userId: string) {
      return request<UserJson>('POST', `/users/${enc(userId)}/ban`);
    },
    unbanUser(userId: string) {
      return request<UserJson>('POST', `/users/${enc(userId)}/unban`);
    },
    getOrganizationMembershipList(userId: string, params: ListParams & { paginated?: boolean } = {}) {
      return request<OrganizationMembershipJson[] | PaginatedList<OrganizationMembershipJson>>('GET', `/users/${enc(userId)}/organization_memberships`, { query: { ...params } });
    },
  };
}
