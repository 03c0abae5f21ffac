import { SqlSyntaxError } from './sql-parser';
import { analyseSqlShape as sut, SqlFeature } from './sql-shape';

describe('analyseSqlShape', () => {
  const detected: Array<[SqlFeature, string]> = [
    [SqlFeature.Join, 'SELECT * FROM a JOIN b ON a.id = b.a_id'],
    [SqlFeature.Join, 'SELECT * FROM a, b WHERE a.id = b.a_id'],
    [SqlFeature.Join, 'DELETE FROM a USING b WHERE a.id = b.id'],
    [SqlFeature.GroupBy, 'SELECT a FROM t GROUP BY a'],
    [SqlFeature.Having, 'SELECT a FROM t GROUP BY a HAVING a > 1'],
    [SqlFeature.Subquery, 'SELECT * FROM t WHERE id IN (SELECT id FROM t WHERE a = 1)'],
    [SqlFeature.Subquery, 'SELECT * FROM (SELECT a FROM t) s'],
    [SqlFeature.Subquery, 'SELECT (SELECT 1) AS one'],
    [SqlFeature.Cte, 'WITH x AS (SELECT 1) SELECT * FROM x'],
    [SqlFeature.SetOperation, 'SELECT a FROM t UNION SELECT a FROM t'],
    [SqlFeature.SetOperation, 'SELECT a FROM t INTERSECT SELECT a FROM t'],
    [SqlFeature.SetOperation, 'SELECT a FROM t EXCEPT SELECT a FROM t'],
    [SqlFeature.WindowFunction, 'SELECT row_number() OVER (ORDER BY a) FROM t'],
    [SqlFeature.WindowFunction, 'SELECT sum(a) OVER w FROM t WINDOW w AS (PARTITION BY b)'],
    [SqlFeature.WindowFunction, 'SELECT JSON_ARRAYAGG(a) OVER () FROM t'],
    [SqlFeature.Aggregate, 'SELECT count(*) FROM t'],
    [SqlFeature.Aggregate, 'SELECT max(a) FROM t'],
    [SqlFeature.Aggregate, 'SELECT pg_catalog.AVG(a) FROM t'],
    [SqlFeature.Aggregate, "SELECT string_agg(a, ',' ORDER BY a) FROM t"],
    [SqlFeature.Aggregate, 'SELECT my_custom_agg(DISTINCT a) FROM t'],
    [SqlFeature.Aggregate, 'SELECT JSON_ARRAYAGG(a) FROM t'],
    [SqlFeature.MultipleTables, 'SELECT * FROM a JOIN b ON true'],
    [SqlFeature.MultipleStatements, 'SELECT 1; SELECT 2'],
    [SqlFeature.OrderBy, 'SELECT * FROM t ORDER BY a'],
    [SqlFeature.Distinct, 'SELECT DISTINCT a FROM t'],
  ];

  it.each(detected)('detects %s in %s', async (feature, sql) => {
    const shape = await sut(sql);
    expect(shape.features).toContain(feature);
  });

  it.each([
    'SELECT * FROM patients',
    'SELECT id, name FROM patients WHERE id = 1 LIMIT 10',
    'SELECT * FROM patients ORDER BY name',
    'SELECT DISTINCT ward FROM patients',
    "SELECT lower(name), coalesce(ward, '-') FROM clinic.patients",
    'SELECT 1',
  ])('keeps a single-table select simple: %s', async (sql) => {
    await expect(sut(sql)).resolves.toMatchObject({ complex: false });
  });

  it.each([
    'SELECT count(*) FROM t',
    'SELECT * FROM a JOIN b ON a.id = b.id',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'SELECT rank() OVER () FROM t',
    'SELECT 1; SELECT 2',
  ])('marks as complex: %s', async (sql) => {
    await expect(sut(sql)).resolves.toMatchObject({ complex: true });
  });

  it('lists tables once, qualified as written, without CTE names', async () => {
    const shape = await sut(
      'WITH recent AS (SELECT * FROM clinic.visits) SELECT * FROM patients p JOIN recent r ON r.pid = p.id JOIN patients q ON q.id = p.parent',
    );
    expect(shape.tables).toEqual(['patients', 'clinic.visits']);
  });

  it('reports features in declaration order, each once', async () => {
    const shape = await sut('SELECT a, count(*) FROM t JOIN u ON true GROUP BY a ORDER BY a');
    expect(shape.features).toEqual([SqlFeature.Join, SqlFeature.GroupBy, SqlFeature.Aggregate, SqlFeature.MultipleTables, SqlFeature.OrderBy]);
  });

  it('does not take a CTE named like a second table for multiple tables', async () => {
    const shape = await sut('WITH x AS (SELECT 1) SELECT * FROM x');
    expect(shape.features).not.toContain(SqlFeature.MultipleTables);
    expect(shape.tables).toEqual([]);
  });

  it('throws SqlSyntaxError for text that does not parse', async () => {
    await expect(sut('SELECT FROM WHERE')).rejects.toBeInstanceOf(SqlSyntaxError);
  });
});
