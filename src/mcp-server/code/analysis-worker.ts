/**
 * Owns the worker-thread side of code analysis (a piscina task handler): it keeps one
 * EslintAnalyser and one TypescriptAnalyser warm, runs the analysers a task names one after
 * another, and posts each analyser's findings on the task's port as soon as it finishes, so a
 * task cut by the time limit still returns what completed. The submitted code is only ever
 * parsed here, never evaluated or imported.
 */
import { EslintAnalyser } from './eslint-analyser';
import { ruleMatchesFocus } from './rule-focus';
import { PythonAnalyser } from './python/python-analyser';
import { TypescriptAnalyser } from './typescript-analyser';
import type { WorkerAnalyser, WorkerReply, WorkerRun } from './analysis-worker.protocol';

const eslint = new EslintAnalyser();
const typescript = new TypescriptAnalyser();
const python = new PythonAnalyser();

async function runTask(task: WorkerRun): Promise<WorkerReply[]> {
  const replies: WorkerReply[] = [];
  const post = (reply: WorkerReply): void => {
    if (reply.kind !== 'started') replies.push(reply);
    task.port.postMessage(reply);
  };
  post({ kind: 'started' });
  for (const analyser of task.analysers) {
    const started = performance.now();
    try {
      post({ kind: 'partial', analyser, findings: await analyse(analyser, task), ms: performance.now() - started });
    } catch (error) {
      post({ kind: 'failed', analyser, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return replies;
}

function analyse(analyser: WorkerAnalyser, task: WorkerRun) {
  if (analyser === 'python') {
    return python.analyse(task.code).then((found) => found.filter((f) => f.rule === 'python/syntax-error' || ruleMatchesFocus(f.rule, task.focus)));
  }
  if (analyser === 'eslint') return eslint.analyse(task.code, task.language === 'typescript' ? 'typescript' : 'javascript', task.focus, task.filename);
  return Promise.resolve(typescript.analyse(task.code, task.filename));
}

/** Pays the module-load and lib-parsing cost before the worker reports ready to piscina. */
async function warmUp(): Promise<void> {
  await eslint.analyse('const warm: number = 1;\n', 'typescript', 'all');
  await eslint.analyse('const warm = 1;\n', 'javascript', 'all');
  typescript.analyse('const warm: number = 1;\n');
  await python.analyse('warm = 1\n');
}

// piscina awaits an exported promise of the handler before the worker takes tasks.
export default warmUp()
  .catch(() => undefined)
  .then(() => runTask);
