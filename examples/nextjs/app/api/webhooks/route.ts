import { verifyWebhook } from '@latchkey/backend/webhooks';

/** Latchkey events (Standard Webhooks). Public in the middleware: the signature is the check. */
export async function POST(request: Request) {
  const secret = process.env.LATCHKEY_WEBHOOK_SECRET;
  if (!secret) return Response.json({ errors: [{ code: 'webhooks_not_configured', message: 'Set LATCHKEY_WEBHOOK_SECRET' }] }, { status: 404 });
  try {
    const event = await verifyWebhook(request, secret);
    return Response.json({ received: (event as { type?: string }).type ?? null });
  } catch {
    return Response.json({ errors: [{ code: 'webhook_signature_invalid', message: 'Bad webhook signature' }] }, { status: 400 });
  }
}
