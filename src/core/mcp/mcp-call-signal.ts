/**
 * The signal one MCP call runs under: the caller's signal or the call's timeout, whichever
 * comes first. Not `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: the SDK adds an `abort`
 * listener to the signal it is given and never removes it, and Node keeps a combined signal with
 * listeners alive as long as its timeout is pending, so every call kept its options (and through
 * the progress callback the Bull job) reachable for the whole timeout. Here the timer is cleared
 * and the listener on the caller's signal removed when the call ends, so nothing outlives it.
 */
export interface McpCallSignal {
  readonly signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the call. */
  readonly timedOut: boolean;
  dispose(): void;
}

export function mcpCallSignal(parent: AbortSignal | undefined, timeoutMs: number): McpCallSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The operation timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
