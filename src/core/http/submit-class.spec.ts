import { classifySubmit as sut } from './submit-class';

describe('classifySubmit', () => {
  it('never throttles reads and cancels', () => {
    expect(sut('GET', '/api/ai/task/:taskId/status', undefined, 500)).toBeNull();
    expect(sut('DELETE', '/api/ai/task/:taskId', undefined, 500)).toBeNull();
  });

  it('charges always-background endpoints to the background limit', () => {
    expect(sut('POST', '/api/ai/medical/', { medical_data: 'x' }, 500)).toBe('background');
    expect(sut('POST', '/api/ai/code', { code: 'x' }, 500)).toBe('background');
  });

  it('charges explicit background requests to the background limit', () => {
    expect(sut('POST', '/api/ai/query', { query: 'hi', use_celery: true }, 500)).toBe('background');
    expect(sut('POST', '/api/ai/database', { query: 'SELECT 1', delay_seconds: 0 }, 500)).toBe('background');
    expect(sut('POST', '/api/ai/query/', { query: 'hi', run_at: '2030-01-01T00:00:00Z' }, 500)).toBe('background');
  });

  it('follows the query rules: queued query types and long queries are background', () => {
    expect(sut('POST', '/api/ai/query', { query: 'hi', query_type: 'medical' }, 500)).toBe('background');
    expect(sut('POST', '/api/ai/query', { query: 'x'.repeat(501) }, 500)).toBe('background');
    expect(sut('POST', '/api/ai/query', { query: 'x'.repeat(500) }, 500)).toBe('inline');
    expect(sut('POST', '/api/ai/query', { query: 'hi', query_type: 'system' }, 500)).toBe('inline');
  });

  it('treats other POSTs, and bodies that are not objects, as inline', () => {
    expect(sut('POST', '/api/ai/database', { query: 'SELECT 1' }, 500)).toBe('inline');
    expect(sut('POST', '/api/ai/query', null, 500)).toBe('inline');
  });
});
