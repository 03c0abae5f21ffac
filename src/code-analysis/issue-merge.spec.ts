import type { StaticFinding } from './code-analysis.types';
import type { LlmIssue } from './code-review.schema';
import { countLines, mergeIssues, normaliseMessage } from './issue-merge';

const evalFinding: StaticFinding = { tool: 'eslint', rule: 'no-eval', severity: 'error', line: 4, column: 10, message: 'eval can be harmful.' };
const securityFinding: StaticFinding = {
  tool: 'eslint',
  rule: 'security/detect-eval-with-expression',
  severity: 'warning',
  line: 4,
  column: 10,
  message: 'eval with argument of type Identifier',
  suggestion: 'Parse the formula instead of evaluating it',
};
const llm = (line: number, message: string, rule: string | null = null, severity: LlmIssue['severity'] = 'warning'): LlmIssue => ({ line, severity, message, rule });

describe('mergeIssues', () => {
  it('keeps every static finding as a static issue with its rule, tool, column and suggestion', () => {
    const sut = mergeIssues([evalFinding, securityFinding], [], 7);

    expect(sut.issues).toEqual([
      { line: 4, severity: 'error', message: 'eval can be harmful.', source: 'static', rule: 'no-eval', tool: 'eslint', column: 10 },
      {
        line: 4,
        severity: 'warning',
        message: 'eval with argument of type Identifier',
        source: 'static',
        rule: 'security/detect-eval-with-expression',
        tool: 'eslint',
        column: 10,
        suggestion: 'Parse the formula instead of evaluating it',
      },
    ]);
  });

  it('keeps a vulnerability finding apart from the model\'s issues with its CWE and fix, and drops the model\'s repeat of it', () => {
    const sqlFinding: StaticFinding = {
      tool: 'eslint', rule: 'medcor/sql-injection', severity: 'error', line: 3, column: 20, message: 'SQL text built from run-time values',
      cwe: 'CWE-89', fix: 'Pass values as bound parameters',
    };
    const sut = mergeIssues([sqlFinding], [llm(3, 'The query concatenates user input', 'CWE-89'), llm(5, 'Missing error handling')], 7);

    expect(sut.issues).toEqual([
      expect.objectContaining({ line: 3, source: 'static', rule: 'medcor/sql-injection', cwe: 'CWE-89', fix: 'Pass values as bound parameters' }),
      expect.objectContaining({ line: 5, source: 'llm', message: 'Missing error handling' }),
    ]);
  });

  it('drops a model issue on the same line with the same rule, keeping the static one', () => {
    const sut = mergeIssues([evalFinding], [llm(4, 'Evaluating user input allows arbitrary code execution', 'NO-EVAL', 'error')], 7);

    expect(sut.issues).toHaveLength(1);
    expect(sut.issues[0]).toMatchObject({ source: 'static', rule: 'no-eval' });
  });

  it('drops a model issue on the same line whose message matches ignoring case, spacing and final punctuation', () => {
    const sut = mergeIssues([evalFinding], [llm(4, 'Eval  can be HARMFUL')], 7);

    expect(sut.issues.map((i) => i.source)).toEqual(['static']);
  });

  it('keeps a model issue with the same rule on another line', () => {
    const sut = mergeIssues([evalFinding], [llm(2, 'eval can be harmful.', 'no-eval')], 7);

    expect(sut.issues.map((i) => [i.line, i.source])).toEqual([
      [2, 'llm'],
      [4, 'static'],
    ]);
  });

  it('keeps a different model issue on the same line, after the static ones', () => {
    const sut = mergeIssues([evalFinding], [llm(4, 'The formula comes from the request body without validation', null, 'error')], 7);

    expect(sut.issues).toEqual([
      expect.objectContaining({ source: 'static', rule: 'no-eval' }),
      { line: 4, severity: 'error', message: 'The formula comes from the request body without validation', source: 'llm' },
    ]);
  });

  it('deduplicates model issues among themselves', () => {
    const sut = mergeIssues([], [llm(3, 'Unvalidated input'), llm(3, 'unvalidated input.'), llm(3, 'Other', 'r1'), llm(3, 'Another', 'r1')], 7);

    expect(sut.issues.map((i) => i.message)).toEqual(['Unvalidated input', 'Other']);
  });

  it('drops model issues whose line is not a line of the code, or with no message, and counts them', () => {
    const sut = mergeIssues([], [llm(0, 'whole file'), llm(8, 'past the end'), llm(2.5, 'fractional'), llm(3, '  '), llm(7, 'last line')], 7);

    expect(sut.issues.map((i) => i.line)).toEqual([7]);
    expect(sut.discarded).toBe(4);
  });

  it('removes exact repeats of a static finding but not two rules at one position', () => {
    const sut = mergeIssues([evalFinding, { ...evalFinding }, securityFinding], [], 7);

    expect(sut.issues.map((i) => i.rule)).toEqual(['no-eval', 'security/detect-eval-with-expression']);
  });

  it('omits rule on a model issue whose rule is null or blank', () => {
    const sut = mergeIssues([], [llm(1, 'a', null), llm(2, 'b', '  ')], 3);

    expect(sut.issues.every((i) => !('rule' in i))).toBe(true);
  });

  it('sorts by line', () => {
    const sut = mergeIssues([{ ...evalFinding, line: 6 }], [llm(2, 'x'), llm(5, 'y')], 7);

    expect(sut.issues.map((i) => i.line)).toEqual([2, 5, 6]);
  });
});

describe('normaliseMessage and countLines', () => {
  it('normalises case, whitespace and trailing punctuation', () => {
    expect(normaliseMessage('  Use   of EVAL.! ')).toBe('use of eval');
  });

  it('counts lines for LF, CRLF and a trailing newline', () => {
    expect(countLines('a\nb\r\nc')).toBe(3);
    expect(countLines('a\n')).toBe(2);
  });
});
