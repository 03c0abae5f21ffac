/**
 * Adaptive routing recovers: while the LLM is slow, a kind's p95 goes over the limit and its
 * requests go to the background; once the LLM is fast again, background runs and inline probes
 * measure it, the slow samples age out of the window, and the kind is answered inline again.
 */
import { createTestApp, TestApp } from '../helpers/test-app';

// Long enough that a run of inline probes (each answered at the slow LLM's pace, probe ratio 0.2)
// cannot outlast the slow samples before a diverted answer is seen: with 3 s, three probes in a
// row (about 2 s) let the window empty first, which failed one CI run in several.
const WINDOW_SECONDS = 5;

describe('adaptive routing recovers after slowness (e2e)', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp({
      mcp: false,
      env: {
        INLINE_MAX_P95_SECONDS: '0.3',
        INLINE_SAMPLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
        INLINE_PROBE_RATIO: '0.2',
        RATE_LIMIT_INLINE_PER_MINUTE: '100000',
        RATE_LIMIT_SUBMIT_PER_MINUTE: '100000',
      },
    });
    alice = t.token('alice', ['clinician']);
  });
  afterAll(() => t.close());

  const ask = (query: string) => t.request().post('/api/ai/query/').set('authorization', `Bearer ${alice}`).send({ query });

  /** Asks until an answer's routing matches, or gives up after `timeoutMs`; returns the rules seen. */
  async function askUntil(rule: string, timeoutMs: number): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await ask(`routing ${seen.length}`);
      seen.push(res.body.routing.rule);
      if (res.body.routing.rule === rule) return seen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`routing never became ${rule}; saw ${seen.join(', ')}`);
  }

  it('diverts a kind to the background under slowness and brings it back inline after', async () => {
    t.llm.setDefault({ content: 'slow', delayMs: 600 });
    const slow = await Promise.all(Array.from({ length: 25 }, (_, i) => ask(`slow ${i}`)));
    expect(slow.every((r) => r.status === 200 && r.body.routing.rule === 'short_query')).toBe(true);
    const diverted = await askUntil('measured_p95', 7000);
    expect(diverted.at(-1)).toBe('measured_p95');

    t.llm.setDefault({ content: 'fast again' });
    const recovered = await askUntil('short_query', WINDOW_SECONDS * 4000);
    // On the way back some requests were probes answered inline and some ran in the background.
    expect(recovered).toContain('measured_p95');
    const back = await ask('fast now');
    expect(back.status).toBe(200);
    expect(back.body.routing).toMatchObject({ mode: 'inline', rule: 'short_query' });
  }, 60_000);
});
