/**
 * Owns the list of tools medcor-tools serves: every tool factory is called here, once, with what
 * it depends on. Adding a tool means adding its factory to this list.
 */
import type { CodeAnalyser } from '../code';
import type { DatabaseRegistry } from '../db/database-registry';
import { codeTools } from './code-tools';
import { databaseTools } from './database-tools';
import { patientTools } from './patient-tools';
import type { ToolDefinition } from './tool-definition';

export interface ToolDeps {
  registry: DatabaseRegistry;
  /** Defaults to the shared analyser (its worker pool is closed by closeCodeAnalysis()). */
  codeAnalyser?: CodeAnalyser;
}

export function buildTools(deps: ToolDeps): ToolDefinition[] {
  return [
    ...databaseTools(deps.registry),
    ...patientTools(deps.registry),
    ...(deps.codeAnalyser ? codeTools(deps.codeAnalyser) : codeTools()),
  ];
}
