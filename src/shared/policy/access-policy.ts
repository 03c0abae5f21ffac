/**
 * The one access policy of MedCor: which role may use which path, and which classes of patient
 * data each path may hand back to that role. Every path asks this module: the gateway's
 * controllers and dispatcher, the agent's tool offer, and the tools server's tool handlers
 * (through the identity the gateway asserts per call). The README's "Who may see what" table is
 * this table written out; `policy-table.spec.ts` checks that the two agree.
 *
 * Shared by the gateway and the tools server: imports nothing else of the app.
 */

export enum Role {
  Clinician = 'clinician',
  Analyst = 'analyst',
  Auditor = 'auditor',
  Admin = 'admin',
}

/** The entry points a caller can reach, over HTTP or over MCP. */
export enum AccessPath {
  /** `POST /api/ai/query/` (general and system questions; the agent's tools follow `AgentSql`). */
  GeneralQuery = 'general_query',
  /** `POST /api/ai/database/`, `query_type: database`, and the agent's SQL tools. */
  Database = 'database',
  /** `POST /api/ai/medical/` and `query_type: medical`. */
  Medical = 'medical',
  /** `POST /api/ai/code/` and `query_type: code`. */
  Code = 'code',
  /** `GET /api/ai/audit/` and the `audit_list` tool. */
  Audit = 'audit',
  /** `/api/ai/schedules/`: creating one also needs the role of the path it will run. */
  Schedules = 'schedules',
  /** Agent tools of medcor-tools that reach patient tables (`sql_query`, `describe_table`, …). */
  AgentSql = 'agent_sql',
  /** Internal tools of medcor-tools (`patient_record`, `audit_append`, …): the gateway only. */
  InternalTools = 'internal_tools',
  /** `priority: high` on any submit. */
  HighPriority = 'high_priority',
  /** bull-board, `?all=true` usage. */
  Admin = 'admin',
}

/** What a piece of data is, for deciding where it may go. */
export enum DataClass {
  /** Safe Harbor identifiers: names, SSN, MRN, phone, e-mail, address, exact dates… */
  DirectIdentifiers = 'direct_identifiers',
  /** Clinical facts with identifiers removed or generalised (the reporting schema). */
  DeidentifiedClinical = 'deidentified_clinical',
  /** Counts and statistics over cohorts, small cells suppressed. */
  Aggregates = 'aggregates',
  /** Nothing about patients: code, system state, general knowledge. */
  NonPatient = 'non_patient',
}

/** `null` means any authenticated caller, with or without roles. */
export interface PathRule {
  roles: readonly Role[] | null;
  /** The data classes this path may return to an allowed caller. */
  data: readonly DataClass[];
  /** One line for the README and for 403 messages. */
  note: string;
}

const EVERYONE = null;
const DATA_ROLES = [Role.Analyst, Role.Clinician, Role.Admin] as const;

export const ACCESS_POLICY: Readonly<Record<AccessPath, PathRule>> = {
  [AccessPath.GeneralQuery]: {
    roles: EVERYONE,
    data: [DataClass.NonPatient],
    note: 'any caller; the agent gets the SQL tools only with a role of the database path',
  },
  [AccessPath.Database]: {
    roles: DATA_ROLES,
    data: [DataClass.DeidentifiedClinical, DataClass.Aggregates, DataClass.NonPatient],
    note: 'the de-identified reporting schema only; never direct identifiers',
  },
  [AccessPath.AgentSql]: {
    roles: DATA_ROLES,
    data: [DataClass.DeidentifiedClinical, DataClass.Aggregates, DataClass.NonPatient],
    note: 'tool results pass the egress guard before the LLM sees them',
  },
  [AccessPath.Medical]: {
    roles: [Role.Clinician, Role.Admin],
    data: [DataClass.DirectIdentifiers, DataClass.DeidentifiedClinical, DataClass.Aggregates],
    note: 'a named patient needs a clinician on the care team (audited); the LLM sees de-identified text only',
  },
  [AccessPath.Code]: {
    roles: EVERYONE,
    data: [DataClass.NonPatient],
    note: 'any caller',
  },
  [AccessPath.Audit]: {
    roles: [Role.Auditor, Role.Admin],
    data: [DataClass.NonPatient, DataClass.Aggregates],
    note: 'who read which patient record, never the record itself',
  },
  [AccessPath.Schedules]: {
    roles: EVERYONE,
    data: [DataClass.NonPatient],
    note: 'a schedule also needs the role of the path it runs, checked at creation and at every run',
  },
  [AccessPath.InternalTools]: {
    roles: [Role.Clinician, Role.Admin, Role.Auditor, Role.Analyst],
    data: [DataClass.DirectIdentifiers, DataClass.DeidentifiedClinical, DataClass.Aggregates],
    note: 'gateway-signed identity only; each tool checks its own rule (care team, auditor)',
  },
  [AccessPath.HighPriority]: {
    roles: [Role.Clinician, Role.Admin],
    data: [],
    note: 'others submit at normal priority or get 403',
  },
  [AccessPath.Admin]: {
    roles: [Role.Admin],
    data: [DataClass.NonPatient],
    note: 'queue dashboard, everyone\'s usage',
  },
};

/** True when a caller with these roles may use the path. */
export function mayUse(path: AccessPath, roles: readonly string[]): boolean {
  const needed = ACCESS_POLICY[path].roles;
  return needed === null || needed.some((role) => roles.includes(role));
}

/** The roles that would let a caller use the path (empty: anyone may). */
export function rolesFor(path: AccessPath): readonly Role[] {
  return ACCESS_POLICY[path].roles ?? [];
}

/** True when the path may hand this class of data to a caller allowed on it. */
export function mayReceive(path: AccessPath, data: DataClass): boolean {
  return ACCESS_POLICY[path].data.includes(data);
}

/**
 * The agent tools of medcor-tools that reach patient tables (`AgentSql`). The gateway offers them
 * to the model only for a caller who may use that path, so they never depend on the tools server
 * receiving an identity assertion (a gateway without MCP_INTERNAL_SECRET sends none, and the
 * tools server then runs agent tools anonymously); the tools server checks an asserted caller again.
 */
export const AGENT_SQL_TOOLS: readonly string[] = ['list_tables', 'describe_table', 'sql_query', 'explain_query'];

/**
 * Agent tools the tools server runs only for an asserted caller when it can verify one (it has
 * MCP_INTERNAL_SECRET): the SQL tools (role check and audit) and analyze_code (limited per caller,
 * so a holder of MCP_SERVER_TOKEN alone cannot fill the analysers' queue).
 */
export const ASSERTED_AGENT_TOOLS: readonly string[] = [...AGENT_SQL_TOOLS, 'analyze_code'];

/** True when the agent may offer this tool (its original, un-namespaced name) to a caller with these roles. */
export function mayOfferTool(tool: string, roles: readonly string[]): boolean {
  return !AGENT_SQL_TOOLS.includes(tool) || mayUse(AccessPath.AgentSql, roles);
}

/** The 403 message: which path and which roles would do. */
export function deniedMessage(path: AccessPath): string {
  return `This needs one of the roles: ${rolesFor(path).join(', ')} (${path.replace(/_/g, ' ')})`;
}
