/**
 * DNS-rebinding protection for /mcp: a page on an attacker's domain that resolves to our address
 * reaches us with its own name in Host (and its own Origin). Only names we serve are accepted;
 * the port is not compared (port forwarding and service ports change it), as in the SDK's
 * hostHeaderValidation middleware, which is Express-only and so not usable on this plain server.
 */

/** How host names are compared: lower case, IPv6 without brackets. */
export function bareHostName(name: string): string {
  return name.replace(/^\[|\]$/g, '').toLowerCase();
}

/** `Host` → its host name; undefined when unparsable. */
function hostNameOf(authority: string): string | undefined {
  try {
    return bareHostName(new URL(`http://${authority}`).hostname);
  } catch {
    return undefined;
  }
}

export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!hostHeader) return false;
  const name = hostNameOf(hostHeader);
  return name !== undefined && allowed.has(name);
}

/** Non-browser clients send no Origin; a browser's must name a host we serve. */
export function originAllowed(originHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (originHeader === undefined) return true;
  try {
    return allowed.has(bareHostName(new URL(originHeader).hostname));
  } catch {
    return false;
  }
}
