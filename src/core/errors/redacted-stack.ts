/**
 * Stacks for logs without what errors say. The first line of a stack repeats the message, and
 * messages from lower layers can carry request data (a JSON parser quoting its input, a provider
 * echoing a prompt, a driver quoting a row), so a logged stack keeps each error's class name and
 * code and its `at` frames, for the error and its causes, and drops every other line.
 */
const MAX_FRAMES = 25;
const MAX_CAUSES = 4;

export function redactedStack(error: unknown): string | undefined {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const head = `${depth === 0 ? '' : 'Caused by: '}${current.constructor?.name || current.name}${typeof code === 'string' ? ` [${code}]` : ''}`;
    const frames = (current.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, MAX_FRAMES);
    parts.push([head, ...frames].join('\n'));
    current = current.cause;
  }
  return parts.length ? parts.join('\n') : undefined;
}
