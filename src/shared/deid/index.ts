/** Public surface of patient-text de-identification (see RECALL.md for measured recall). */
export { deidentify, reidentify, reidentifyDeep } from './deidentify';
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
