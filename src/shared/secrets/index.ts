/**
 * shared/secrets: what counts as a secret in source code. The tools server's analysers report
 * hard-coded secrets with it, and the gateway masks them before code leaves for the LLM.
 */
export { isHardcodedSecret, KEY_SHAPES_IN_TEXT, looksLikeKeyMaterial, shannonEntropy } from './secret-patterns';
export { maskKeyMaterial, maskSecrets } from './secret-masker';
export type { MaskedSecrets } from './secret-masker';
