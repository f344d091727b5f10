import type { ApiRequest } from '../request.js';
import type { DeletedObjectJson, ListParams, OrganizationJson, OrganizationMembershipJson, PaginatedList, PermissionJson, RoleJson } from '../resources.js';

const enc = encodeURIComponent;

export function organizationsApi(request: ApiRequest) {
  return {
    getOrganizationList(params: ListParams & { query?: string; paginated?: boolean } = {}) {
      return request<OrganizationJson[] | PaginatedList<OrganizationJson>>('GET', '/organizations', { query: { ...params } });
    },
    createOrganization(params: { name: string; slug?: string; created_by?: string; public_metadata?: Record<string, unknown>; private_metadata?: Record<string, unknown> }) {
      return request<OrganizationJson>('POST', '/organizations', { body: params });
    },
    /** `GET /organizations/{id_or_slug}` */
    getOrganization(idOrSlug: string) {
      return request<OrganizationJson>('GET', `/organizations/${enc(idOrSlug)}`);
    },
    updateOrganization(id: string, params: { name?: string; slug?: string; public_metadata?: Record<string, unknown>; private_metadata?: Record<string, unknown> }) {
      return request<OrganizationJson>('PATCH', `/organizations/${enc(id)}`, { body: params });
    },
    deleteOrganization(id: string) {
      return request<DeletedObjectJson>('DELETE', `/organizations/${enc(id)}`);
    },
    getOrganizationMembershipList(organizationId: string, params: ListParams & { paginated?: boolean } = {}) {
      return request<OrganizationMembershipJson[] | PaginatedList<OrganizationMembershipJson>>('GET', `/organizations/${enc(organizationId)}/memberships`, { query: { ...params } });
    },
    createOrganizationMembership(organizationId: string, params: { user_id: string; role: string }) {
      return request<OrganizationMembershipJson>('POST', `/organizations/${enc(organizationId)}/memberships`, { body: params });
    },
    updateOrganizationMembership(organizationId: string, userId: string, params: { role: string }) {
      return request<OrganizationMembershipJson>('PATCH', `/organizations/${enc(organizationId)}/memberships/${enc(userId)}`, { body: params });
    },
    deleteOrganizationMembership(organizationId: string, userId: string) {
      return request<OrganizationMembershipJson>('DELETE', `/organizations/${enc(organizationId)}/memberships/${enc(userId)}`);
    },
    getRoleList(params: ListParams & { paginated?: boolean } = {}) {
      return request<RoleJson[] | PaginatedList<RoleJson>>('GET', '/organization_roles', { query: { ...params } });
    },
    createRole(params: { key: string; name: string; description?: string; permissions?: string[] }) {
      return request<RoleJson>('POST', '/organization_roles', { body: params });
    },
    getPermissionList(params: ListParams & { paginated?: boolean } = {}) {
      return request<PermissionJson[] | PaginatedList<PermissionJson>>('GET', '/organization_permissions', { query: { ...params } });
    },
    createPermission(params: { key: string; name: string; description?: string }) {
      return request<PermissionJson>('POST', '/organization_permissions', { body: params });
    },
  };
}
