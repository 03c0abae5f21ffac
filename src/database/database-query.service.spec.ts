import { RoutingRule, inline } from '../core/dispatcher/routing';
import { SqlFeature } from '../core/sql';
import { complexFeatures, costRouting } from './database-query.service';

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

describe('complexFeatures', () => {
  it('passes no features for a simple query even when it sorts or deduplicates', () => {
    expect(complexFeatures({ mode: 'sql', complex: false, features: [SqlFeature.OrderBy, SqlFeature.Distinct], tables: ['t'] })).toEqual([]);
  });

  it('passes only the features that make a query complex', () => {
    const sut = complexFeatures({ mode: 'sql', complex: true, features: [SqlFeature.Join, SqlFeature.OrderBy], tables: ['a', 'b'] });
    expect(sut).toEqual([SqlFeature.Join]);
  });
});
