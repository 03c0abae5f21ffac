/**
 * Small zod building blocks for environment variables: every variable arrives as a string (or
 * not at all), and a bad value must stop the process with the variable's name and what was
 * expected.
 */
import { z } from 'zod';
import { isPublishedPlaceholder, PUBLISHED_PLACEHOLDER_REASON } from '../../shared/auth';

export const envInt = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `expected an integer between ${min} and ${max}` })
    .int(`expected an integer between ${min} and ${max}`)
    .min(min, `expected an integer between ${min} and ${max}`)
    .max(max, `expected an integer between ${min} and ${max}`)
    .default(def);

export const envFloat = (def: number, min: number, max: number) =>
  z.coerce
    .number({ error: `expected a number between ${min} and ${max}` })
    .min(min, `expected a number between ${min} and ${max}`)
    .max(max, `expected a number between ${min} and ${max}`)
    .default(def);

export const envBool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envUrl = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Empty strings count as "not set" (docker-compose and k8s often pass VAR= ). */
export const optionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** A secret: unset when empty, and never the placeholder the manifests publish. */
export const secretString = () => optionalString().refine((v) => !isPublishedPlaceholder(v), { message: `expected a secret, not ${PUBLISHED_PLACEHOLDER_REASON}` });

export const envList = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
