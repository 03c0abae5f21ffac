import { loadConfig } from '../../core/config';
import { AppConfigService } from '../../core/config/config.module';
import { DispatcherService } from './dispatcher.service';
import type { InlineLoadTracker } from './inline-load.tracker';
import { RoutingRule } from './routing';

describe('DispatcherService.route', () => {
  const config = { all: loadConfig({ NODE_ENV: 'test', INLINE_MAX_IN_FLIGHT: '3', INLINE_MAX_P95_SECONDS: '30' }) } as AppConfigService;
  let load: { inFlight: number; p95Seconds: (kind: string) => number | undefined };
  let sut: DispatcherService;

  beforeEach(() => {
    load = { inFlight: 0, p95Seconds: () => undefined };
    const queue = {} as never;
    sut = new DispatcherService(config, {} as never, load as unknown as InlineLoadTracker, queue, {} as never, {} as never);
  });

  it('answers a short general query inline', () => {
    expect(sut.route({ kind: 'query', queryType: 'general', length: 500 })).toMatchObject({ mode: 'inline', rule: RoutingRule.ShortQuery });
  });

  it('sends a query over 500 characters to the background and says why', () => {
    const decision = sut.route({ kind: 'query', queryType: 'general', length: 501 });
    expect(decision).toMatchObject({ mode: 'background', rule: RoutingRule.LongQuery });
    expect(decision.reason).toMatch(/501 characters, over the inline limit of 500/);
  });

  it('honours use_celery', () => {
    expect(sut.route({ kind: 'query', queryType: 'general', length: 3, forceBackground: true })).toMatchObject({
      mode: 'background',
      rule: RoutingRule.UseCelery,
    });
  });

  it.each(['medical', 'code'] as const)('always sends %s work to the background', (kind) => {
    expect(sut.route({ kind })).toMatchObject({ mode: 'background', rule: RoutingRule.AlwaysBackground });
    expect(sut.route({ kind: 'query', queryType: kind, length: 3 })).toMatchObject({ mode: 'background' });
  });

  it('answers system questions inline even when busy', () => {
    load.inFlight = 100;
    expect(sut.route({ kind: 'query', queryType: 'system', length: 3 })).toMatchObject({ mode: 'inline', rule: RoutingRule.SystemQuery });
  });

  it('routes SQL by its parsed features', () => {
    expect(sut.route({ kind: 'database', sqlFeatures: [] })).toMatchObject({ mode: 'inline', rule: RoutingRule.SimpleSql });
    const complex = sut.route({ kind: 'database', sqlFeatures: ['join', 'group_by'] });
    expect(complex).toMatchObject({ mode: 'background', rule: RoutingRule.ComplexSql });
    expect(complex.reason).toMatch(/join, group_by/);
    expect(sut.route({ kind: 'database', sqlFeatures: null })).toMatchObject({ mode: 'background', rule: RoutingRule.NaturalLanguageDatabase });
  });

  it('sends inline work to the background when too much is in flight', () => {
    load.inFlight = 3;
    expect(sut.route({ kind: 'query', queryType: 'general', length: 3 })).toMatchObject({ mode: 'background', rule: RoutingRule.InFlightLimit });
  });

  it('sends a kind whose measured p95 is over the limit to the background', () => {
    load.p95Seconds = (kind) => (kind === 'query' ? 31 : undefined);
    sut.random = () => 0.99;
    const decision = sut.route({ kind: 'query', queryType: 'general', length: 3 });
    expect(decision).toMatchObject({ mode: 'background', rule: RoutingRule.SlowKind });
    expect(decision.reason).toMatch(/31\.0 s at p95/);
  });

  it('still answers a share of a diverted kind inline, as probes of its recovery', () => {
    load.p95Seconds = () => 31;
    sut.random = () => 0.01; // under the default INLINE_PROBE_RATIO of 0.05
    expect(sut.route({ kind: 'query', queryType: 'general', length: 3 })).toMatchObject({ mode: 'inline', rule: RoutingRule.InlineProbe });
    sut.random = () => 0.5;
    expect(sut.route({ kind: 'query', queryType: 'general', length: 3 })).toMatchObject({ mode: 'background', rule: RoutingRule.SlowKind });
  });
});
