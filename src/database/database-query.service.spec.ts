import { RoutingRule, inline } from '../tasks/dispatcher/routing';
import { analyseSqlShape, SqlFeature } from '../shared/sql';
import { ErrorCode } from '../core/errors';
import { costRouting, DatabaseQueryService } from './database-query.service';

describe('costRouting', () => {
  const simple = inline(RoutingRule.SimpleSql, 'A simple single-table SELECT');

  it('sends a query whose estimated cost is over the limit to the background and says the cost', () => {
    const sut = costRouting(simple, 25_431.5, 10_000);
    expect(sut).toEqual({
      mode: 'background',
      rule: RoutingRule.ExpensiveSql,
      reason: 'The planner estimates a cost of 25431.5, above DB_INLINE_MAX_COST (10000)',
    });
  });

  it('keeps a query within the limit inline and adds the cost to the reason', () => {
    const sut = costRouting(simple, 12.5, 10_000);
    expect(sut.mode).toBe('inline');
    expect(sut.rule).toBe(RoutingRule.SimpleSql);
    expect(sut.reason).toContain('cost of 12.5, within DB_INLINE_MAX_COST (10000)');
  });

  it('treats a cost equal to the limit as inline', () => {
    expect(costRouting(simple, 100, 100).mode).toBe('inline');
  });
});

describe('the features routing reports (SqlShape.complexFeatures)', () => {
  it('passes no features for a simple query even when it sorts or deduplicates', async () => {
    expect((await analyseSqlShape('SELECT DISTINCT city FROM medcor.patients ORDER BY city')).complexFeatures).toEqual([]);
  });

  it('passes only the features that make a query complex', async () => {
    const sut = await analyseSqlShape('SELECT * FROM medcor.patients p JOIN medcor.encounters e ON e.patient_id = p.id ORDER BY p.id');
    expect(sut.complexFeatures).toEqual(expect.arrayContaining([SqlFeature.Join]));
    expect(sut.complexFeatures).not.toContain(SqlFeature.OrderBy);
  });
});

describe('DatabaseQueryService.handover (a general query of type database)', () => {
  it('refuses a caller without a data role with 403 before validating, admitting or queueing', async () => {
    const untouched = new Proxy({}, { get: () => { throw new Error('no dependency may be used'); } }) as never;
    const sut = new DatabaseQueryService(untouched, untouched, untouched, untouched, untouched);
    const handover = {
      text: 'SELECT ssn FROM medcor.patients',
      options: {},
      user: { userId: 'u-1', roles: [] },
      requestId: 'r-1',
      routing: inline(RoutingRule.SimpleSql, 'x'),
    };
    await expect(sut.handover(handover)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });
});
