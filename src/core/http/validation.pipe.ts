import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from '../errors';

/** Deeper than any request we document; class-transformer recurses per level. */
export const MAX_BODY_DEPTH = 64;

/**
 * Refuses deeply nested input before class-transformer walks it: its recursion overflowed the
 * stack on a body 3,000 levels deep, which surfaced as a 500 (found by the bad-input suite).
 */
class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertDepth(value, metadata.type);
    return super.transform(value, metadata);
  }
}

/** The same refusal for code that walks a body before the pipe does (idempotency fingerprints). */
export function assertDepth(value: unknown, what: string): void {
  if (depthExceeds(value, MAX_BODY_DEPTH)) {
    throw new AppError(ErrorCode.ValidationFailed, `The ${what} is nested more than ${MAX_BODY_DEPTH} levels deep`);
  }
}

/** Iterative, so the check itself cannot overflow the stack. */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** whitelist + forbidNonWhitelisted, and errors as `details: [{field, errors}]`. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppError(ErrorCode.ValidationFailed, 'Request validation failed', { details: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The global pipe's checks for a body that reached a service another way (a general query
 * handed over to its domain): the same 400 as if it had been posted to the domain's endpoint.
 */
export async function validateBody<T extends object>(metatype: new () => T, value: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return (await createValidationPipe().transform(defined, { type: 'body', metatype })) as T;
}
