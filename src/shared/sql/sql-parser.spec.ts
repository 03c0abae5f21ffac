import { parseSql as sut, SqlSyntaxError } from './sql-parser';

describe('parseSql', () => {
  it('counts stacked statements instead of refusing them', async () => {
    const parsed = await sut('SELECT 1; COMMIT; DROP TABLE x');
    expect(parsed.statementCount).toBe(3);
    expect(parsed.statements).toHaveLength(3);
    expect(parsed.statements[2]).toMatchObject({ stmt: { DropStmt: expect.any(Object) } });
  });

  it('returns no statements for comments only or an empty text', async () => {
    await expect(sut('/* nothing */ -- here')).resolves.toEqual({ statements: [], statementCount: 0 });
    await expect(sut('')).resolves.toEqual({ statements: [], statementCount: 0 });
  });

  it('throws SqlSyntaxError with a 0-based position and 1-based line and column', async () => {
    const sql = 'SELECT a,\n  b c d\nFROM t';
    const error = await sut(sql).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect(error).toMatchObject({ position: 16, line: 2, column: 7 });
    expect(sql[16]).toBe('d');
  });

  it('maps the error position to a string index when text before it is not ASCII', async () => {
    const sql = "SELECT '😀é' FROM WHERE";
    const error = (await sut(sql).catch((caught: unknown) => caught)) as SqlSyntaxError;
    expect(sql.slice(error.position)).toBe('WHERE');
  });

  it('refuses a NUL character, which would hide the rest of the text from the parser', async () => {
    const error = (await sut('SELECT 1\0; DROP TABLE t').catch((caught: unknown) => caught)) as SqlSyntaxError;
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect(error.position).toBe(8);
  });

  it('decodes Unicode-escaped identifiers as PostgreSQL does', async () => {
    const parsed = await sut('SELECT U&"pg\\005Fsleep"(1)');
    expect(JSON.stringify(parsed.statements)).toContain('"sval":"pg_sleep"');
  });

  it('parses a deeply nested query without overflowing the stack', async () => {
    const depth = 500;
    await expect(sut(`SELECT ${'(SELECT '.repeat(depth)}1${')'.repeat(depth)}`)).resolves.toMatchObject({ statementCount: 1 });
  });
});
