import { lintSql as sut } from './sql-lint';

describe('lintSql', () => {
  it('reports a syntax error on line 3 with its exact column', async () => {
    const sql = 'SELECT id,\n       name\n  FROM patients WHERE AND id = 1';
    const findings = await sut(sql);
    expect(findings).toEqual([
      expect.objectContaining({ tool: 'pg-parser', rule: 'syntax-error', severity: 'error', line: 3, column: 23 }),
    ]);
    expect(sql.split('\n')[2].slice(22, 25)).toBe('AND');
  });

  it('counts columns in characters when earlier text is not ASCII', async () => {
    const findings = await sut("SELECT 'Zoë 😀' AS n\nFROM t WHERE ,");
    expect(findings[0]).toMatchObject({ rule: 'syntax-error', line: 2, column: 14 });
  });

  it('reports an unterminated string where it starts', async () => {
    await expect(sut("SELECT 1;\nSELECT 'abc")).resolves.toEqual([
      expect.objectContaining({ rule: 'syntax-error', line: 2, column: 8 }),
    ]);
  });

  it('places each risky statement at its first token, past comments and blank lines', async () => {
    const sql = [
      'SELECT id FROM t WHERE id = 1;',
      '-- clean up',
      '',
      '  DELETE FROM visits;',
      'UPDATE patients SET ward = NULL; DROP TABLE old_visits;',
      'TRUNCATE audit;',
      'GRANT SELECT ON patients TO public;',
      'REVOKE ALL ON patients FROM intern;',
    ].join('\n');
    const findings = await sut(sql);
    expect(findings.map(({ rule, line, column }) => [rule, line, column])).toEqual([
      ['delete-without-where', 4, 3],
      ['update-without-where', 5, 1],
      ['drop-statement', 5, 34],
      ['truncate', 6, 1],
      ['grant', 7, 1],
      ['revoke', 8, 1],
    ]);
  });

  it('leaves DELETE and UPDATE with WHERE alone', async () => {
    await expect(sut('DELETE FROM t WHERE id = 1; UPDATE t SET a = 1 WHERE id = 2')).resolves.toEqual([]);
  });

  it('points select-star at the star, in subqueries too, but not inside EXISTS', async () => {
    const sql = 'SELECT id FROM (SELECT * FROM t) s\nWHERE EXISTS (SELECT * FROM u)\nUNION SELECT u.* FROM u';
    const findings = await sut(sql);
    expect(findings.map(({ rule, line, column, severity }) => [rule, line, column, severity])).toEqual([
      ['select-star', 1, 24, 'info'],
      ['select-star', 3, 14, 'info'],
    ]);
  });

  it('flags DROP COLUMN, server-file COPY and INSERT without a column list', async () => {
    const findings = await sut("ALTER TABLE t DROP COLUMN c;\nCOPY t FROM '/tmp/x';\nINSERT INTO t VALUES (1);");
    expect(findings.map((finding) => finding.rule)).toEqual(['alter-table-drop-column', 'copy-server-file', 'insert-without-columns']);
  });

  it('finds nothing in clean SQL or an empty text', async () => {
    await expect(sut('SELECT id, name FROM patients WHERE id = $1')).resolves.toEqual([]);
    await expect(sut('')).resolves.toEqual([]);
    await expect(sut('-- only a comment')).resolves.toEqual([]);
  });
});
