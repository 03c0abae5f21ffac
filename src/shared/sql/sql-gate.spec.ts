import { checkReadOnlyQuery, checkReadOnlyQuery as sut, GateRule } from './sql-gate';

async function refusalOf(sql: string, options = {}): Promise<GateRule> {
  const result = await sut(sql, options);
  if (result.allowed) throw new Error(`expected a refusal for: ${sql}`);
  return result.rule;
}

describe('checkReadOnlyQuery', () => {
  describe('refuses', () => {
    const refused: Array<[string, string, GateRule]> = [
      ['stacked statements after a SELECT', 'SELECT 1; COMMIT; DROP TABLE patients', GateRule.MultipleStatements],
      ['a COMMIT followed by DROP', 'COMMIT; DROP TABLE patients', GateRule.MultipleStatements],
      ['a semicolon hidden after a block comment', 'SELECT 1 /* ; */; DROP TABLE x', GateRule.MultipleStatements],
      ['a semicolon after a line comment', 'SELECT 1 -- \n; DELETE FROM t', GateRule.MultipleStatements],
      ['a semicolon inside dollar quotes then DROP', 'SELECT $$;$$; DROP TABLE x', GateRule.MultipleStatements],
      ['a tagged dollar quote then DELETE', 'SELECT $a$ $$; $a$; DELETE FROM t', GateRule.MultipleStatements],
      ['a DO block', 'DO $$ BEGIN DELETE FROM t; END $$', GateRule.ProceduralCode],
      ['pg_sleep spelled with a Unicode escape', 'SELECT U&"pg\\005Fsleep"(10)', GateRule.PgSleepBound],
      ['pg_sleep beyond the bound', 'SELECT pg_sleep(100)', GateRule.PgSleepBound],
      ['schema-qualified pg_sleep', 'SELECT pg_catalog.pg_sleep(5)', GateRule.PgSleepBound],
      ['upper-case PG_SLEEP', 'SELECT PG_SLEEP(5)', GateRule.PgSleepBound],
      ['quoted "pg_sleep"', 'SELECT "pg_sleep"(5)', GateRule.PgSleepBound],
      ['pg_sleep with a computed argument', 'SELECT pg_sleep(random() * 100)', GateRule.PgSleepBound],
      ['small sleeps repeated per row', 'SELECT pg_sleep(0.5) FROM generate_series(1, 1000)', GateRule.PgSleepBound],
      ['small sleeps adding up past the bound', 'SELECT pg_sleep(0.6), pg_sleep(0.6)', GateRule.PgSleepBound],
      ['pg_sleep_for', "SELECT pg_sleep_for('5 minutes')", GateRule.ForbiddenFunction],
      ['pg_read_file in a subquery', "SELECT * FROM (SELECT pg_read_file('/etc/passwd')) s", GateRule.ForbiddenFunction],
      ['pg_ls_dir in a LATERAL function', "SELECT * FROM t, LATERAL pg_ls_dir('/') d", GateRule.ForbiddenFunction],
      ['a forbidden call inside a WHERE subquery', "SELECT 1 FROM t WHERE a IN (SELECT pg_stat_file('x') IS NULL)", GateRule.ForbiddenFunction],
      ['a forbidden call inside VALUES', "VALUES (1), (pg_reload_conf()::int)", GateRule.ForbiddenFunction],
      ['a forbidden call inside a CTE', 'WITH c AS (SELECT pg_rotate_logfile()) SELECT * FROM c', GateRule.ForbiddenFunction],
      ['a forbidden call as another function\'s argument', "SELECT length(pg_read_binary_file('/etc/passwd')::text)", GateRule.ForbiddenFunction],
      ['a data-modifying CTE', 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', GateRule.DataModifyingCte],
      ['an INSERT inside WITH', 'WITH i AS (INSERT INTO t VALUES (1) RETURNING id) SELECT id FROM i', GateRule.DataModifyingCte],
      ['a nested data-modifying CTE', 'SELECT * FROM (WITH u AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM u) s', GateRule.DataModifyingCte],
      ['SELECT INTO', 'SELECT * INTO new_t FROM t', GateRule.SelectInto],
      ['SELECT FOR UPDATE', 'SELECT * FROM t FOR UPDATE', GateRule.LockingClause],
      ['FOR KEY SHARE inside a subquery', 'SELECT * FROM (SELECT * FROM t FOR KEY SHARE) s', GateRule.LockingClause],
      ['FOR NO KEY UPDATE in a UNION arm', 'SELECT a FROM t UNION ALL (SELECT a FROM u FOR NO KEY UPDATE)', GateRule.LockingClause],
      ['COPY to a file', "COPY t TO '/tmp/x'", GateRule.Copy],
      ['SET role', 'SET role postgres', GateRule.SessionState],
      ['RESET ALL', 'RESET ALL', GateRule.SessionState],
      ['CALL', 'CALL p()', GateRule.ProceduralCode],
      ['CREATE TABLE', 'CREATE TABLE x (id int)', GateRule.Ddl],
      ['CREATE TABLE AS', 'CREATE TABLE x AS SELECT 1', GateRule.Ddl],
      ['ALTER TABLE', 'ALTER TABLE t ADD COLUMN c int', GateRule.Ddl],
      ['DROP TABLE', 'DROP TABLE patients', GateRule.Ddl],
      ['INSERT', 'INSERT INTO t (a) VALUES (1)', GateRule.DataModification],
      ['UPDATE', 'UPDATE t SET a = 1', GateRule.DataModification],
      ['DELETE', 'DELETE FROM t WHERE id = 1', GateRule.DataModification],
      ['MERGE', 'MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE', GateRule.DataModification],
      ['TRUNCATE', 'TRUNCATE t', GateRule.DataModification],
      ['GRANT', 'GRANT SELECT ON t TO public', GateRule.Privilege],
      ['EXPLAIN ANALYZE DELETE', 'EXPLAIN ANALYZE DELETE FROM t', GateRule.DataModification],
      ['EXPLAIN of an INSERT', 'EXPLAIN INSERT INTO t VALUES (1)', GateRule.DataModification],
      ['EXPLAIN ANALYZE of a forbidden call', "EXPLAIN ANALYZE SELECT pg_terminate_backend(1)", GateRule.ForbiddenFunction],
      ['lo_import', "SELECT lo_import('/etc/passwd')", GateRule.ForbiddenFunction],
      ['lo_export', "SELECT lo_export(1, '/tmp/x')", GateRule.ForbiddenFunction],
      ['dblink', "SELECT * FROM dblink('host=evil', 'select 1') AS r(x int)", GateRule.ForbiddenFunction],
      ['dblink_exec', "SELECT dblink_exec('host=evil', 'drop table t')", GateRule.ForbiddenFunction],
      ['set_config', "SELECT set_config('x', 'y', false)", GateRule.ForbiddenFunction],
      ['pg_terminate_backend', 'SELECT pg_terminate_backend(1)', GateRule.ForbiddenFunction],
      ['pg_cancel_backend', 'SELECT pg_cancel_backend(1)', GateRule.ForbiddenFunction],
      ['pg_advisory_lock', 'SELECT pg_advisory_lock(1)', GateRule.ForbiddenFunction],
      ['nextval', "SELECT nextval('s')", GateRule.ForbiddenFunction],
      ['setval', "SELECT setval('s', 1)", GateRule.ForbiddenFunction],
      ['currval', "SELECT currval('s')", GateRule.ForbiddenFunction],
      ['txid_current', 'SELECT txid_current()', GateRule.ForbiddenFunction],
      ['query_to_xml running a SQL string', "SELECT query_to_xml('delete from t', true, true, '')", GateRule.ForbiddenFunction],
      ['ts_stat running a SQL string', "SELECT * FROM ts_stat('select v from t')", GateRule.ForbiddenFunction],
      ['pg_logical_emit_message', "SELECT pg_logical_emit_message(true, 'p', 'x')", GateRule.ForbiddenFunction],
      ['pg_create_restore_point', "SELECT pg_create_restore_point('x')", GateRule.ForbiddenFunction],
      ['pg_drop_replication_slot', "SELECT pg_drop_replication_slot('x')", GateRule.ForbiddenFunction],
      ['pg_file_write', "SELECT pg_file_write('/tmp/x', 'y', false)", GateRule.ForbiddenFunction],
      ['an unlisted pg_ admin function', 'SELECT pg_switch_wal()', GateRule.ForbiddenFunction],
      ['a transaction statement', 'BEGIN', GateRule.Transaction],
      ['LISTEN', 'LISTEN c', GateRule.Notification],
      ['NOTIFY', 'NOTIFY c', GateRule.Notification],
      ['PREPARE', 'PREPARE p AS SELECT 1', GateRule.PreparedStatement],
      ['EXECUTE', 'EXECUTE p', GateRule.PreparedStatement],
      ['VACUUM', 'VACUUM t', GateRule.Maintenance],
      ['LOCK TABLE', 'LOCK TABLE t', GateRule.LockTable],
      ['DECLARE CURSOR', 'DECLARE c CURSOR FOR SELECT 1', GateRule.Cursor],
      ['SHOW', 'SHOW search_path', GateRule.NotSelect],
      ['an empty string', '', GateRule.Empty],
      ['only whitespace', '  \n\t ', GateRule.Empty],
      ['only a comment', '-- just a comment', GateRule.Empty],
      ['only semicolons and a block comment', '/* x */ ; ;', GateRule.Empty],
      ['a syntax error', 'SELEC 1', GateRule.SyntaxError],
      ['text after a NUL character', 'SELECT 1\0; DROP TABLE t', GateRule.SyntaxError],
    ];

    it.each(refused)('%s', async (_name, sql, rule) => {
      await expect(refusalOf(sql)).resolves.toBe(rule);
    });

    it('refuses a query longer than maxLength before parsing it', async () => {
      await expect(refusalOf(`SELECT ${'1 + '.repeat(30)}1`, { maxLength: 50 })).resolves.toBe(GateRule.TooLong);
    });

    it('refuses system catalogs only when forbidSystemCatalogs is set', async () => {
      for (const sql of ['SELECT * FROM pg_catalog.pg_class', 'SELECT * FROM information_schema.tables', 'SELECT * FROM pg_namespace']) {
        await expect(refusalOf(sql, { forbidSystemCatalogs: true })).resolves.toBe(GateRule.ForbiddenSchema);
        await expect(sut(sql)).resolves.toMatchObject({ allowed: true });
      }
    });

    it('refuses EXPLAIN ANALYZE when the caller disallows it', async () => {
      await expect(refusalOf('EXPLAIN ANALYZE SELECT 1', { allowExplainAnalyze: false })).resolves.toBe(GateRule.ExplainAnalyze);
    });

    it('gives a reason naming the function but not the query literals', async () => {
      const result = await sut("SELECT pg_read_file('/secret/patient-notes.txt')");
      expect(result).toMatchObject({ allowed: false, rule: GateRule.ForbiddenFunction });
      const reason = (result as { reason: string }).reason;
      expect(reason).toContain('pg_read_file');
      expect(reason).not.toContain('patient-notes');
    });
  });

  describe('allows', () => {
    const allowed: Array<[string, string, 'select' | 'explain']> = [
      ['a plain select', 'SELECT id, name FROM patients WHERE id = 1', 'select'],
      ['a WITH select', 'WITH r AS (SELECT id FROM visits) SELECT count(*) FROM r', 'select'],
      ['EXPLAIN of a select', 'EXPLAIN SELECT * FROM t', 'explain'],
      ['EXPLAIN ANALYZE of a select', 'EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t', 'explain'],
      ['joins', 'SELECT * FROM a JOIN b ON a.id = b.a_id LEFT JOIN c USING (id)', 'select'],
      ['window functions', 'SELECT rank() OVER (PARTITION BY a ORDER BY b) FROM t', 'select'],
      ['a bounded pg_sleep', 'SELECT pg_sleep(0.5)', 'select'],
      ['current_setting', "SELECT current_setting('TimeZone')", 'select'],
      ['VALUES', 'VALUES (1), (2)', 'select'],
      ['TABLE', 'TABLE t', 'select'],
      ['schema discovery helpers', "SELECT pg_get_viewdef('v'::regclass), pg_size_pretty(pg_total_relation_size('t'))", 'select'],
      ['xpath over a value', "SELECT xpath('/a/text()', '<a>1</a>'::xml)", 'select'],
      ['a trailing semicolon and comments', '/* lead */ SELECT 1; -- tail', 'select'],
    ];

    it.each(allowed)('%s', async (_name, sql, kind) => {
      await expect(sut(sql)).resolves.toMatchObject({ allowed: true, kind });
    });

    it('reports tables without CTE names, and qualified functions', async () => {
      const result = await sut(
        'WITH recent AS (SELECT * FROM clinic.visits) SELECT lower(p.name), count(*) FROM patients p JOIN recent r ON r.pid = p.id GROUP BY 1',
      );
      expect(result).toMatchObject({ allowed: true, tables: ['patients', 'clinic.visits'], functions: ['lower', 'count'] });
    });

    it('returns the statement without surrounding comments or semicolons as normalizedSql', async () => {
      const result = await sut("  /* why */ SELECT 'é' AS x -- trailing\n ;  ");
      expect(result).toMatchObject({ allowed: true, normalizedSql: "SELECT 'é' AS x" });
    });

    it('sees the Unicode escape decoded: U&"pg\\0073leep" names pgsleep, not pg_sleep', async () => {
      // \0073 is "s", so this spells pgsleep (no such function); the gate sees what PostgreSQL sees.
      await expect(sut('SELECT U&"pg\\0073leep"(10)')).resolves.toMatchObject({ allowed: true, functions: ['pgsleep'] });
    });

    it('lets the caller allow a function the deny-list refuses', async () => {
      await expect(sut("SELECT nextval('s')", { allowedFunctions: ['NEXTVAL'] })).resolves.toMatchObject({ allowed: true });
    });

    it('honours a higher maxSleepSeconds', async () => {
      await expect(sut('SELECT pg_sleep(3)', { maxSleepSeconds: 5 })).resolves.toMatchObject({ allowed: true });
    });
  });
});

describe('checkReadOnlyQuery on views and functions that show other sessions', () => {
  const refused: Array<[string, string]> = [
    ['pg_stat_activity', 'SELECT query FROM pg_stat_activity'],
    ['pg_catalog.pg_stat_activity', 'SELECT * FROM pg_catalog.pg_stat_activity'],
    ['pg_locks in a subquery', 'SELECT * FROM (SELECT * FROM PG_LOCKS) l'],
    ['pg_stat_ssl in a CTE', 'WITH s AS (SELECT * FROM pg_stat_ssl) SELECT * FROM s'],
    ['pg_prepared_xacts', 'SELECT gid FROM pg_prepared_xacts'],
    ['pg_stat_replication', 'SELECT * FROM pg_stat_replication'],
    ['pg_stat_statements', 'SELECT query FROM public.pg_stat_statements'],
    ['a progress view', 'SELECT * FROM pg_stat_progress_vacuum'],
    ['pg_stat_get_activity in FROM', 'SELECT * FROM pg_stat_get_activity(NULL)'],
    ['pg_stat_get_backend_activity', 'SELECT pg_stat_get_backend_activity(s) FROM pg_stat_get_backend_idset() s'],
    ['pg_blocking_pids', 'SELECT pg_blocking_pids(1)'],
    ['pg_lock_status', 'SELECT * FROM pg_catalog.pg_lock_status()'],
    ['a sensitive setting', "SELECT current_setting('data_directory')"],
    ['a sensitive setting in another case', "SELECT current_setting('HBA_FILE', true)"],
    ['a computed setting name', "SELECT current_setting('data_' || 'directory')"],
  ];

  it.each(refused)('refuses %s', async (_name, sql) => {
    await expect(refusalOf(sql)).resolves.toBe(GateRule.OtherSessions);
  });

  it('does not let allowedFunctions exempt them', async () => {
    await expect(refusalOf('SELECT pg_blocking_pids(1)', { allowedFunctions: ['pg_blocking_pids'] })).resolves.toBe(GateRule.OtherSessions);
  });

  it('still allows a table of the same name in another schema, and harmless settings', async () => {
    await expect(sut('SELECT * FROM reporting.pg_locks')).resolves.toMatchObject({ allowed: true });
    await expect(sut("SELECT current_setting('search_path')")).resolves.toMatchObject({ allowed: true });
  });
});

describe('checkReadOnlyQuery on deep trees', () => {
  it('finds a forbidden call at the bottom of 400 nested subqueries', async () => {
    const depth = 400;
    const sql = `SELECT ${'(SELECT '.repeat(depth)}pg_read_file('x')${')'.repeat(depth)}`;
    await expect(checkReadOnlyQuery(sql)).resolves.toMatchObject({ allowed: false, rule: GateRule.ForbiddenFunction });
  });
});
