/**
 * The admin dashboard (apps/dashboard): its sign-in, the Backend API proxy
 * and its static files. API routes come before the file wildcard.
 */
import type { AnyEndpoint } from '../../endpoint.js';
import { dashboardProxyEndpoints } from './backend-proxy.js';
import { createDashboardSessionEndpoint, deleteDashboardSessionEndpoint, getDashboardSessionEndpoint } from './session.js';
import { dashboardFile, dashboardIndex, dashboardRedirect } from './static-assets.js';

export const dashboardEndpoints: AnyEndpoint[] = [
  createDashboardSessionEndpoint,
  getDashboardSessionEndpoint,
  deleteDashboardSessionEndpoint,
  ...dashboardProxyEndpoints,
  dashboardRedirect,
  dashboardIndex,
  dashboardFile,
];
