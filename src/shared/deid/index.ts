/** Public surface of patient-text de-identification (see RECALL.md for measured recall). */
export { deidentify, deidentifyFreeText, reidentify, reidentifyDeep } from './deidentify';
export type { FreeTextDeidResult } from './deidentify';
export { PlaceholderRegistry } from './placeholder-registry';
export { keyedShiftDays } from './date-shift';
export { knownIdentifiersFromRecord } from './known-identifiers';
export type {
  DeidInput,
  DeidOptions,
  DeidResult,
  IdentifierKind,
  KnownIdentifiers,
  PlaceholderMap,
} from './deid.types';
export { IDENTIFIER_KINDS } from './deid.types';
export { warmUpDeidentifier } from './warm-up';
