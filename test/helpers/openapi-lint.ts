/**
 * Runs Redocly's linter (its CLI, as a user would) on an OpenAPI document with the `recommended`
 * rules and returns every problem. A config file of our own keeps a stray redocly.yaml from
 * changing the rules, and telemetry/update checks stay off (no network in CI).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const REDOCLY_BIN = resolve(__dirname, '../../node_modules/@redocly/cli/bin/cli.js');

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: string;
}

export async function lintOpenApi(document: unknown): Promise<LintProblem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const docPath = join(dir, 'openapi.json');
    const configPath = join(dir, 'redocly.yaml');
    await writeFile(docPath, JSON.stringify(document));
    await writeFile(configPath, 'extends:\n  - recommended\n');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: '' };
    const args = [REDOCLY_BIN, 'lint', docPath, '--config', configPath, '--format', 'json', '--max-problems', '1000'];
    const { stdout } = await promisify(execFile)(process.execPath, args, { env, cwd: dir, maxBuffer: 16 * 1024 * 1024 }).catch(
      // A non-zero exit only means errors were found; the JSON report is on stdout either way.
      (error: { stdout?: string; stderr?: string }) => {
        if (!error.stdout) throw new Error(`redocly lint failed to run: ${error.stderr ?? String(error)}`);
        return { stdout: error.stdout };
      },
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location?: { pointer?: string }[] }[];
    };
    return report.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, location: p.location?.[0]?.pointer ?? '' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
