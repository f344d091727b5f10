/**
 * `latchkey test jwt-verify`: verify a fresh session token the way an app on
 * this machine would — its key, issuer, authorized parties and clock — one
 * check at a time, so a failure names its cause.
 */
import { decodeJwt } from '@latchkey/backend/jwt';
import { explainRejection, skewCause } from '../explain.js';
import { keySourceOf, rejectionOf, setUp, tearDown, verifyAsApp, type DiagnosticOptions, type SessionFixture } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';

/** The time checks an SDK makes, against this machine's clock, explained with the measured offset. */
export async function checkLocalClock(report: Report, f: SessionFixture): Promise<void> {
  await report.step("token is valid by this machine's clock", async () => {
    const skew = Number(f.settings.clock_skew_seconds ?? 5);
    const now = Date.now() / 1000;
    const { iat, nbf, exp } = f.claims as { iat?: number; nbf?: number; exp?: number };
    const problems: string[] = [];
    if (typeof nbf === 'number' && nbf > now + skew) problems.push(`nbf is ${Math.round(nbf - now)}s in the future`);
    if (typeof iat === 'number' && iat > now + skew) problems.push(`iat is ${Math.round(iat - now)}s in the future`);
    if (typeof exp === 'number' && exp < now - skew) problems.push(`exp passed ${Math.round(now - exp)}s ago`);
    if (Math.abs(f.clock.offsetSeconds) > skew || problems.length) {
      fail(problems.length ? problems.join('; ') : `clock offset ${f.clock.offsetSeconds}s`, skewCause(f.clock, skew));
    }
    return passWith(`server clock offset ${f.clock.offsetSeconds >= 0 ? '+' : ''}${f.clock.offsetSeconds}s (allowed ±${skew}s)`, true);
  });
}

export async function runJwtVerify(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  try {
    const keySource = keySourceOf(dx);
    await report.step(`signature checks out with ${keySource}`, async () => {
      // Verified at the token's own iat, so only the key can fail here.
      const at = new Date(Number(f.claims.iat) * 1000);
      const reason = await rejectionOf(verifyAsApp(dx, f.token, { now: () => at }));
      if (reason) fail(`rejected: ${reason} (token kid ${String(decodeJwt(f.token).header.kid)})`, explainRejection(reason, { keySource }));
      return passWith(`${String(decodeJwt(f.token).header.alg)}, kid ${String(decodeJwt(f.token).header.kid)}`, true);
    });
    await report.step(`issuer is ${dx.issuer}`, async () => {
      if (f.claims.iss !== dx.issuer) fail(`iss is ${JSON.stringify(f.claims.iss)}`, explainRejection('token-invalid-issuer', { keySource, issuer: dx.issuer, tokenIssuer: f.claims.iss }));
    });
    await report.step(`authorized party is one of ${dx.authorizedParties.join(', ') || '(any)'}`, async () => {
      if (dx.authorizedParties.length === 0) return passWith('no authorized parties configured: azp not checked', true);
      if (f.claims.azp === undefined) return passWith('token has no azp (minted without an allowed Origin)', true);
      if (!dx.authorizedParties.includes(f.claims.azp)) {
        fail(`azp is ${JSON.stringify(f.claims.azp)}`, explainRejection('token-invalid-authorized-parties', { keySource, authorizedParties: dx.authorizedParties, tokenAzp: f.claims.azp }));
      }
      return passWith(`azp ${f.claims.azp}`, true);
    });
    await checkLocalClock(report, f);
    await report.step('full verification, as the app does it', async () => {
      const reason = await rejectionOf(
        verifyAsApp(dx, f.token, { issuer: dx.issuer, authorizedParties: dx.authorizedParties, clockSkewInMs: Number(f.settings.clock_skew_seconds ?? 5) * 1000 }),
      );
      if (reason) {
        const cause = reason === 'token-not-active-yet' || reason === 'token-iat-in-the-future' || reason === 'token-expired'
          ? skewCause(f.clock, Number(f.settings.clock_skew_seconds ?? 5))
          : explainRejection(reason, { keySource, issuer: dx.issuer, tokenIssuer: f.claims.iss, authorizedParties: dx.authorizedParties, tokenAzp: f.claims.azp });
        fail(`rejected: ${reason}`, cause);
      }
    });
  } finally {
    await tearDown(report, f);
  }
}
