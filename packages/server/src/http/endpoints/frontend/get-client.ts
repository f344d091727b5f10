import { defineEndpoint } from '../../endpoint.js';
import { loadFrontendClient } from '../../frontend-client.js';
import { json } from '../../respond.js';

export const getClient = defineEndpoint({
  method: 'GET',
  path: '/v1/client',
  area: 'frontend',
  summary: "The browser's client and its active sessions (null when the browser has none)",
  async handler(rc) {
    const client = await loadFrontendClient(rc);
    return json({ response: client, client });
  },
});
