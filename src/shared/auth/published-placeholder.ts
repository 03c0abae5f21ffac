/**
 * The placeholders deploy/k8s/base/secret.template.yaml publishes (`REPLACE_ME…`): a secret that
 * still holds one is known to everyone who read the manifests, whatever its length (the internal
 * secret's placeholder is long enough to pass the length rule), so every loader refuses it.
 */
const PUBLISHED_PLACEHOLDER = /REPLACE_ME/i;

export function isPublishedPlaceholder(value: string | undefined): boolean {
  return value !== undefined && PUBLISHED_PLACEHOLDER.test(value);
}

/** Why such a value is refused, after the variable's name. */
export const PUBLISHED_PLACEHOLDER_REASON = "the placeholder published with the manifests (REPLACE_ME…); set a secret of this deployment's own";

/** For loaders without a schema: an Error naming the variable when it holds a published placeholder. */
export function refusePublishedPlaceholder(name: string, value: string | undefined): void {
  if (isPublishedPlaceholder(value)) throw new Error(`${name} is ${PUBLISHED_PLACEHOLDER_REASON}`);
}
