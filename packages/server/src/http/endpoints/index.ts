/**
 * Every HTTP endpoint of the server, in matching order (static paths before
 * parameterised ones that could swallow them).
 */
import type { AnyEndpoint } from '../endpoint.js';
import { accountPage, signInPage, signInPageSubmit, signOutPageSubmit, signUpPage, signUpPageSubmit } from '../../pages/pages.js';
import { getBackendClient, getHandshakePayload } from './backend/clients.js';
import { getInstanceSettings, listSettingsAudit, updateInstanceSettings } from './backend/instance.js';
import { createBackendSessionToken, createBackendTemplateToken, refreshSession } from './backend/session-tokens.js';
import { createSession, getSession, listSessions, revokeSession } from './backend/sessions.js';
import { listSigningKeys, rotateSigningKey } from './backend/signing-keys.js';
import { listRevocations, streamRevocations } from './backend/revocations.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  getWebhookEndpointSecretEndpoint,
  listWebhookEndpointAttempts,
  listWebhookEndpoints,
} from './backend/webhooks.js';
import {
  banUserEndpoint,
  countUsers,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  unbanUserEndpoint,
  updateUser,
  updateUserMetadata,
} from './backend/users.js';
import { replaceUserMetadata } from './backend/user-metadata.js';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  mergeOrganizationMetadata,
  replaceOrganizationMetadata,
  updateOrganization,
} from './backend/organizations.js';
import {
  createOrganizationMembership,
  deleteOrganizationMembership,
  listOrganizationMemberships,
  listUserOrganizationMemberships,
  updateOrganizationMembership,
  updateOrganizationMembershipMetadata,
} from './backend/organization-memberships.js';
import {
  assignOrganizationRolePermission,
  createOrganizationPermission,
  createOrganizationRole,
  deleteOrganizationPermission,
  deleteOrganizationRole,
  getOrganizationPermission,
  getOrganizationRole,
  listOrganizationPermissions,
  listOrganizationRoles,
  removeOrganizationRolePermission,
  updateOrganizationPermission,
  updateOrganizationRole,
} from './backend/organization-roles.js';
import {
  createJwtTemplate,
  deleteJwtTemplate,
  getJwtTemplate,
  getSessionTokenClaimsEndpoint,
  listJwtTemplates,
  setSessionTokenClaimsEndpoint,
  updateJwtTemplate,
} from './backend/jwt-templates.js';
import { createSignIn } from './frontend/create-sign-in.js';
import { createSignUp } from './frontend/create-sign-up.js';
import { createSessionToken, createTemplateToken } from './frontend/create-session-token.js';
import { endSession, removeSession } from './frontend/end-session.js';
import { getClient } from './frontend/get-client.js';
import { handshake } from './frontend/handshake.js';
import { listMySessions } from './frontend/list-my-sessions.js';
import { revokeMySessions } from './frontend/revoke-my-sessions.js';
import { revokeMySession } from './frontend/revoke-my-session.js';
import { signOutClient } from './frontend/sign-out-client.js';
import { touchSession } from './frontend/touch-session.js';
import { getJwks, getWellKnownJwks } from './public/jwks.js';
import { dashboardEndpoints } from './dashboard/index.js';

export const publicEndpoints: AnyEndpoint[] = [getJwks, getWellKnownJwks];

export const frontendEndpoints: AnyEndpoint[] = [
  getClient,
  handshake,
  createSignUp,
  createSignIn,
  signOutClient,
  createSessionToken,
  createTemplateToken,
  touchSession,
  endSession,
  removeSession,
  listMySessions,
  revokeMySessions,
  revokeMySession,
];

export const backendEndpoints: AnyEndpoint[] = [
  listSessions,
  createSession,
  getSession,
  revokeSession,
  createBackendSessionToken,
  createBackendTemplateToken,
  refreshSession,
  getHandshakePayload,
  getBackendClient,
  countUsers,
  listUsers,
  createUser,
  getUser,
  updateUser,
  updateUserMetadata,
  deleteUser,
  banUserEndpoint,
  unbanUserEndpoint,
  getInstanceSettings,
  updateInstanceSettings,
  listSettingsAudit,
  listSigningKeys,
  rotateSigningKey,
  listRevocations,
  streamRevocations,
  listWebhookEndpoints,
  createWebhookEndpoint,
  getWebhookEndpoint,
  getWebhookEndpointSecretEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpointAttempts,
  replaceUserMetadata,
  listUserOrganizationMemberships,
  listOrganizations,
  createOrganization,
  getOrganization,
  updateOrganization,
  deleteOrganization,
  mergeOrganizationMetadata,
  replaceOrganizationMetadata,
  listOrganizationMemberships,
  createOrganizationMembership,
  updateOrganizationMembership,
  updateOrganizationMembershipMetadata,
  deleteOrganizationMembership,
  listOrganizationRoles,
  createOrganizationRole,
  getOrganizationRole,
  updateOrganizationRole,
  deleteOrganizationRole,
  assignOrganizationRolePermission,
  removeOrganizationRolePermission,
  listOrganizationPermissions,
  createOrganizationPermission,
  getOrganizationPermission,
  updateOrganizationPermission,
  deleteOrganizationPermission,
  listJwtTemplates,
  createJwtTemplate,
  getJwtTemplate,
  updateJwtTemplate,
  deleteJwtTemplate,
  getSessionTokenClaimsEndpoint,
  setSessionTokenClaimsEndpoint,
];

export const pageEndpoints: AnyEndpoint[] = [signInPage, signInPageSubmit, signUpPage, signUpPageSubmit, accountPage, signOutPageSubmit];

export const allEndpoints: AnyEndpoint[] = [...publicEndpoints, ...frontendEndpoints, ...backendEndpoints, ...pageEndpoints, ...dashboardEndpoints];
