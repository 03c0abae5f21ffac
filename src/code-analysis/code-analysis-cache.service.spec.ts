import type { AppConfigService } from '../core/config';
import { SealerService } from '../core/crypto/sealer.service';
import { cacheKeyParts as keyParts, CodeAnalysisCache, CodeCacheInput, languageHint } from './code-analysis-cache.service';
import type { CodeAnalysisResult } from './code-analysis.types';

const sealer = (byte: number) => new SealerService({ all: { security: { phiKey: Buffer.alloc(32, byte) } } } as unknown as AppConfigService);
const cacheKeyParts = (input: CodeCacheInput) => keyParts(input, sealer(7));

describe('code analysis cache key', () => {
  it('uses the explicit language, else the file extension, else auto', () => {
    expect(languageHint({ language: ' JavaScript ', filename: 'a.ts' })).toBe('lang=javascript');
    expect(languageHint({ language: 'auto', filename: 'Query.SQL' })).toBe('ext=sql');
    expect(languageHint({})).toBe('auto');
  });

  it('differs by owner, content, language and focus, and is stable otherwise', () => {
    const base = { owner: 'alice', code: 'eval(x)', language: 'javascript', focus: 'all' as const };

    expect(cacheKeyParts(base)).toEqual(cacheKeyParts({ ...base }));
    expect(cacheKeyParts(base)).not.toEqual(cacheKeyParts({ ...base, code: 'eval(y)' }));
    expect(cacheKeyParts(base)).not.toEqual(cacheKeyParts({ ...base, language: 'typescript' }));
    expect(cacheKeyParts(base)).not.toEqual(cacheKeyParts({ ...base, focus: 'security' }));
    expect(cacheKeyParts(base)).not.toEqual(cacheKeyParts({ ...base, owner: 'bob' }));
    expect(cacheKeyParts(base).join(':')).not.toContain('alice');
    // The caller's language and file name are inside the digest, never in the key's name.
    expect(cacheKeyParts({ ...base, language: 'jane-doe' }).join(':')).not.toContain('jane');
    expect(cacheKeyParts({ ...base, language: undefined, filename: 'x.jane' }).join(':')).not.toContain('jane');
    expect(cacheKeyParts(base)[2]).toMatch(/^[0-9a-f]{64}$/);
    // Keyed by the PHI key: whoever reads Redis cannot confirm a guessed snippet from the name.
    expect(keyParts(base, sealer(8))[2]).not.toBe(cacheKeyParts(base)[2]);
  });

  it('does not cache a skipped review or a timed-out analysis', () => {
    const ok = { review: { skipped: false }, timed_out: undefined } as unknown as CodeAnalysisResult;

    expect(CodeAnalysisCache.cacheable(ok)).toBe(true);
    expect(CodeAnalysisCache.cacheable({ ...ok, review: { status: 'unavailable', skipped: true, reason: 'x', code: 'llm_unavailable' } })).toBe(false);
    expect(CodeAnalysisCache.cacheable({ ...ok, timed_out: ['typescript'] })).toBe(false);
  });
});
