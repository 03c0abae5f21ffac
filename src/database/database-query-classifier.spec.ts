import { AppError, ErrorCode } from '../core/errors';
import { SqlFeature } from '../shared/sql';
import { classifyDatabaseQuery, firstWord, meantAsSql } from './database-query-classifier';

describe('classifyDatabaseQuery', () => {
  const sut = classifyDatabaseQuery;

  it('reads a simple single-table SELECT as simple SQL', async () => {
    const kind = await sut('SELECT patient_id FROM medcor.patients ORDER BY patient_id LIMIT 5');
    expect(kind).toEqual({ mode: 'sql', complex: false, features: [SqlFeature.OrderBy], complexFeatures: [], tables: ['medcor.patients'] });
  });

  it('reads JOIN and GROUP BY as complex SQL', async () => {
    const kind = await sut(
      'SELECT p.sex, count(*) FROM medcor.patients p JOIN medcor.encounters e ON e.patient_id = p.patient_id GROUP BY p.sex',
    );
    expect(kind.mode).toBe('sql');
    expect(kind.mode === 'sql' && kind.complex).toBe(true);
    expect(kind.mode === 'sql' && kind.features).toEqual(expect.arrayContaining([SqlFeature.Join, SqlFeature.GroupBy]));
  });

  it('keeps parseable but forbidden SQL as SQL so the gate can refuse it', async () => {
    const kind = await sut('SELECT 1; COMMIT; DROP TABLE medcor.patients');
    expect(kind.mode).toBe('sql');
  });

  it.each([
    'how many patients were admitted last week, by department?',
    'Which providers saw the most encounters in March',
    'explain why admissions rose last month',
    'do patients with diabetes have more encounters than others?',
    'Select the ten oldest patients',
    'show me today\'s appointments',
  ])('reads "%s" as natural language', async (text) => {
    await expect(sut(text)).resolves.toEqual({ mode: 'natural_language' });
  });

  it('answers a SQL typo with a syntax error that names the position', async () => {
    const error = await sut('SELECT * FORM medcor.patients').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.ValidationFailed);
    expect((error as AppError).details).toMatchObject({ reason: 'sql_syntax_error', line: 1, position: expect.any(Number) });
    expect((error as AppError).message).toMatch(/line 1, column \d+/);
  });

  it('refuses a text that holds only comments', async () => {
    await expect(sut('-- nothing here\n/* still nothing */')).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
  });
});

describe('meantAsSql', () => {
  it.each([
    ['SELECT * FORM patients', true],
    ['select name from where', true],
    ['-- a comment\nSELECT id FRM medcor.patients WHERE', true],
    ['UPDATE medcor.patients SET sex = 1 WHERE', true],
    ['SELECT id FORM medcor.patients', true],
    ['Select all patients older than 80', false],
    ['list the tables', false],
    ['how many rows are in patients?', false],
  ])('%s → %s', (text, expected) => {
    expect(meantAsSql(text)).toBe(expected);
  });

  it('reads the first word after leading comments and whitespace', () => {
    expect(firstWord('  /* x */ -- y\n  WITH t AS (SELECT 1) SELECT * FROM t')).toBe('with');
  });
});
