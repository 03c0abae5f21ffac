import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const sut = { sign: signWebhook, verify: verifyWebhook };

  it('is the hex HMAC-SHA256 of the body with the secret, prefixed sha256=', () => {
    const body = '{"task_id":"x","timestamp":1}';
    expect(sut.sign('s3cret', body)).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
  });

  it('verifies its own signature and refuses a changed body, another secret or no header', () => {
    const body = '{"a":1}';
    const header = sut.sign('k', body);
    expect(sut.verify('k', body, header)).toBe(true);
    expect(sut.verify('k', '{"a":2}', header)).toBe(false);
    expect(sut.verify('other', body, header)).toBe(false);
    expect(sut.verify('k', body, undefined)).toBe(false);
  });
});
