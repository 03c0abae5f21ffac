import type { ExecutionContext } from '@nestjs/common';
import { ReadyAnswer } from '../core/http/ready-answer';
import type { IdempotencyService } from './idempotency.service';
import type { TaskSubmitFinisher } from './task-submit.finisher';
import { TaskSubmitGuard } from './task-submit.guard';

const contextFor = (request: object, reply: object = {}): ExecutionContext =>
  ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) }) as unknown as ExecutionContext;

const user = { userId: 'u-1', roles: ['clinician'] };

describe('TaskSubmitGuard', () => {
  it('passes a plain submit synchronously, with nothing claimed or expected', () => {
    const idempotency = { claim: jest.fn() } as unknown as IdempotencyService;
    const finisher = { expect: jest.fn() } as unknown as TaskSubmitFinisher;
    const sut = new TaskSubmitGuard(idempotency, finisher);
    const request = { method: 'POST', user, headers: {}, body: { query: 'x', use_celery: true } };
    expect(sut.canActivate(contextFor(request))).toBe(true);
    expect(idempotency.claim).not.toHaveBeenCalled();
    expect(finisher.expect).not.toHaveBeenCalled();
  });

  it('answers a repeated key with the first answer, without letting the request go on', async () => {
    const first = { task_id: 't-1', status: 'PENDING' };
    const idempotency = { fingerprint: () => 'h', claim: jest.fn().mockResolvedValue({ kind: 'replay', status: 202, body: first }) } as unknown as IdempotencyService;
    const reply = { statusCode: 200, header: jest.fn(), status: jest.fn(function (this: { statusCode: number }, s: number) { this.statusCode = s; return this; }) };
    const finisher = { expect: jest.fn(), maybeWait: jest.fn(async (r: typeof reply, _u: string, status: number, body: unknown) => (r.status(status), body)) } as unknown as TaskSubmitFinisher;
    const sut = new TaskSubmitGuard(idempotency, finisher);
    const request = { method: 'POST', url: '/api/ai/query', user, headers: { 'idempotency-key': 'k-1' }, body: { query: 'x', use_celery: true } };
    const answer = await Promise.resolve(sut.canActivate(contextFor(request, reply))).catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(ReadyAnswer);
    expect(answer).toEqual(expect.objectContaining({ status: 202, body: first }));
    expect(reply.header).toHaveBeenCalledWith('idempotent-replayed', 'true');
    expect(finisher.expect).not.toHaveBeenCalled();
  });

  it('hands a new claim to the finisher, which completes or releases it on the answer', async () => {
    const idempotency = { fingerprint: () => 'h', claim: jest.fn().mockResolvedValue({ kind: 'new' }) } as unknown as IdempotencyService;
    const finisher = { expect: jest.fn() } as unknown as TaskSubmitFinisher;
    const sut = new TaskSubmitGuard(idempotency, finisher);
    const request = { method: 'POST', url: '/api/ai/query', user, headers: { 'idempotency-key': 'k-2', prefer: 'wait=5' }, body: { query: 'x' } };
    await expect(sut.canActivate(contextFor(request))).resolves.toBe(true);
    expect(finisher.expect).toHaveBeenCalledWith(request, { userId: 'u-1', key: 'k-2', hash: 'h', callbackUrl: undefined, wait: { seconds: 5, prefer: true } });
  });
});
