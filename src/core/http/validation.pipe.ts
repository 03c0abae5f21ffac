import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from '../errors';

/** whitelist + forbidNonWhitelisted, and errors as `details: [{field, errors}]`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
