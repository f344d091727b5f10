import { UAParser } from 'ua-parser-js';
import type { SessionActivity } from '../../store/contract.js';

/** Latest activity of a session from the request that touched it. */
export function toSessionActivity(ipAddress: string | null, userAgent: string | null): SessionActivity {
  const ua = userAgent ? userAgent.slice(0, 512) : null;
  const result = ua ? new UAParser(ua).getResult() : null;
  const deviceType = result ? (result.device.type ?? 'desktop') : null;
  return {
    ipAddress,
    userAgent: ua,
    browserName: result?.browser.name ?? null,
    browserVersion: result?.browser.version ?? null,
    deviceType,
    isMobile: deviceType === 'mobile' || deviceType === 'tablet',
  };
}
