import { ACCESS_POLICY, AccessPath, DataClass, mayUse, Role } from './access-policy';

/** How the README names each path (the order is the table's). */
export const PATH_LABELS: Readonly<Record<AccessPath, string>> = {
  [AccessPath.GeneralQuery]: 'General query: `POST /api/ai/query/` (`query_type` general, system)',
  [AccessPath.Database]: 'SQL / database: `POST /api/ai/database/`, `query_type: database`',
  [AccessPath.AgentSql]: 'MCP tools for SQL (`sql_query`, `describe_table`, `list_tables`, …) through the agent',
  [AccessPath.Medical]: 'Medical: `POST /api/ai/medical/`, `query_type: medical`',
  [AccessPath.Code]: 'Code: `POST /api/ai/code/`, `query_type: code`',
  [AccessPath.Audit]: 'Audit: `GET /api/ai/audit/`, the `audit_list` tool',
  [AccessPath.Schedules]: 'Schedules: `/api/ai/schedules/`',
  [AccessPath.InternalTools]: 'Internal MCP tools (`patient_record`, `audit_append`, …)',
  [AccessPath.HighPriority]: '`priority: high` on any submit',
  [AccessPath.Admin]: 'Admin: queue dashboard, `GET /api/ai/usage/?all=true`',
};

const DATA_LABELS: Readonly<Record<DataClass, string>> = {
  [DataClass.DirectIdentifiers]: 'direct identifiers',
  [DataClass.DeidentifiedClinical]: 'de-identified clinical data',
  [DataClass.Aggregates]: 'aggregates',
  [DataClass.NonPatient]: 'non-patient data',
};

const COLUMNS: ReadonlyArray<{ title: string; roles: string[] }> = [
  { title: 'clinician', roles: [Role.Clinician] },
  { title: 'analyst', roles: [Role.Analyst] },
  { title: 'auditor', roles: [Role.Auditor] },
  { title: 'admin', roles: [Role.Admin] },
  { title: 'no role', roles: [] },
];

/**
 * The README's "Who may see what" table, written from ACCESS_POLICY: which role may use each
 * path, and which classes of data the path may hand back. policy-table.spec.ts keeps the README
 * equal to this, so the two cannot drift.
 */
export function renderPolicyTable(): string {
  const header = `| path | ${COLUMNS.map((c) => c.title).join(' | ')} | data it may return | rule |`;
  const rule = `|---|${COLUMNS.map(() => ':-:').join('|')}|---|---|`;
  const rows = (Object.keys(PATH_LABELS) as AccessPath[]).map((path) => {
    const policy = ACCESS_POLICY[path];
    const cells = COLUMNS.map((c) => (mayUse(path, c.roles) ? 'yes' : '—'));
    const data = policy.data.length ? policy.data.map((d) => DATA_LABELS[d]).join(', ') : '(none of its own)';
    return `| ${PATH_LABELS[path]} | ${cells.join(' | ')} | ${data} | ${policy.note} |`;
  });
  return [header, rule, ...rows].join('\n');
}
