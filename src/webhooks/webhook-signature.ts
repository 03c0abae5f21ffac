import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-medcor-signature';
export const TIMESTAMP_HEADER = 'x-medcor-timestamp';

/**
 * `sha256=<hex HMAC-SHA256 of the raw body>`. The body carries `timestamp` too (also sent as
 * X-MedCor-Timestamp), so a receiver that rejects old timestamps also rejects replays.
 */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifyWebhook(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
