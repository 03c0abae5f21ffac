import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACCESS_POLICY, AccessPath } from './access-policy';
import { PATH_LABELS, renderPolicyTable } from './policy-table';

const START = '<!-- policy-table:start (generated from src/shared/policy; policy-table.spec.ts checks it) -->';
const END = '<!-- policy-table:end -->';

describe('the README\'s "Who may see what" table', () => {
  it('is the table ACCESS_POLICY gives (copy the expected text into README.md when the policy changes)', () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + START.length, end).trim()).toBe(renderPolicyTable());
  });

  it('has a row for every path of the policy', () => {
    expect(Object.keys(PATH_LABELS).sort()).toEqual(Object.values(AccessPath).sort());
    expect(Object.keys(ACCESS_POLICY).sort()).toEqual(Object.values(AccessPath).sort());
  });

  it('shows the database path closed to a caller without a role and open to analysts', () => {
    const row = renderPolicyTable().split('\n').find((line) => line.startsWith(`| ${PATH_LABELS[AccessPath.Database]}`));
    // clinician | analyst | auditor | admin | no role
    expect(row).toContain('| yes | yes | — | yes | — |');
  });
});
