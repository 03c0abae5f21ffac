/**
 * Owns the worker-thread side of code analysis: it keeps one EslintAnalyser and one
 * TypescriptAnalyser warm, runs the analysers a task names one after another, and posts each
 * analyser's findings as soon as it finishes, so a task cut by the time limit still returns
 * what completed. The submitted code is only ever parsed here, never evaluated or imported.
 */
import { parentPort } from 'node:worker_threads';
import { EslintAnalyser } from './eslint-analyser';
import { ruleMatchesFocus } from './rule-focus';
import { PythonAnalyser } from './python/python-analyser';
import { TypescriptAnalyser } from './typescript-analyser';
import type { WorkerReply, WorkerTask } from './analysis-worker.protocol';

const eslint = new EslintAnalyser();
const typescript = new TypescriptAnalyser();
const python = new PythonAnalyser();

async function runTask(task: WorkerTask): Promise<void> {
  for (const analyser of task.analysers) {
    const started = performance.now();
    try {
      const findings =
        analyser === 'python'
          ? (await python.analyse(task.code)).filter((f) => f.rule === 'python/syntax-error' || ruleMatchesFocus(f.rule, task.focus))
          : analyser === 'eslint'
            ? await eslint.analyse(task.code, task.language === 'typescript' ? 'typescript' : 'javascript', task.focus, task.filename)
            : typescript.analyse(task.code, task.filename);
      post({ kind: 'partial', id: task.id, analyser, findings, ms: performance.now() - started });
    } catch (error) {
      post({ kind: 'failed', id: task.id, analyser, message: error instanceof Error ? error.message : String(error) });
    }
  }
  post({ kind: 'done', id: task.id });
}

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

/** Pays the module-load and lib-parsing cost before the first real task arrives. */
async function warmUp(): Promise<void> {
  await eslint.analyse('const warm: number = 1;\n', 'typescript', 'all');
  await eslint.analyse('const warm = 1;\n', 'javascript', 'all');
  typescript.analyse('const warm: number = 1;\n');
  await python.analyse('warm = 1\n');
}

void warmUp()
  .catch(() => undefined)
  .then(() => {
    parentPort?.on('message', (task: WorkerTask) => void runTask(task));
    post({ kind: 'ready' });
  });
