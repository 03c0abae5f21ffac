/**
 * An answer a guard already has in full (an idempotent replay of a submit): thrown so that Nest
 * runs neither the pipes nor the handler, and sent by the exception filter as it is, with its
 * own status, in place of an error. Nothing else should throw it.
 */
export class ReadyAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}
