import { registerDecorator, ValidationOptions } from 'class-validator';
import type { AllConfig } from '../config';

/**
 * Length limits that come from configuration. class-validator decorators are evaluated when a
 * DTO class loads, before configuration exists, so the limit is read at validation time from
 * values set once at start-up (`applyLimits`).
 */
const limits = {
  queryMaxChars: 20_000,
  medicalDataMaxChars: 50_000,
  codeMaxBytes: 204_800,
  contextMaxBytes: 16_384,
};

export type LimitName = keyof typeof limits;

export function applyLimits(config: AllConfig): void {
  limits.queryMaxChars = config.tasks.queryMaxChars;
  limits.medicalDataMaxChars = config.tasks.medicalDataMaxChars;
  limits.codeMaxBytes = config.tasks.codeMaxBytes;
  limits.contextMaxBytes = config.tasks.contextMaxBytes;
}

export function limit(name: LimitName): number {
  return limits[name];
}

/** A string no longer than the configured limit (characters). */
export function MaxConfiguredLength(name: LimitName, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'maxConfiguredLength',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= limits[name],
        defaultMessage: (args) => `${args?.property} must be at most ${limits[name]} characters`,
      },
    });
}

/** An object whose JSON is no larger than the configured limit (bytes of UTF-8). */
export function MaxConfiguredJsonBytes(name: LimitName, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'maxConfiguredJsonBytes',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => value === undefined || Buffer.byteLength(JSON.stringify(value) ?? '') <= limits[name],
        defaultMessage: (args) => `${args?.property} must be at most ${limits[name]} bytes as JSON`,
      },
    });
}
