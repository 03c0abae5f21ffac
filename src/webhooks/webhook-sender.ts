/**
 * One webhook POST to an address checked beforehand: the connection's DNS lookup is answered
 * with that address, so the host cannot resolve to something else between the check and the
 * connect (DNS rebinding). TLS still verifies the certificate against the URL's host name.
 */
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { ResolvedAddress } from './webhook-target';

export async function postPinned(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const agent = new Agent({ connect: { lookup: pinnedLookup(target), timeout: timeoutMs } });
  try {
    const response = await request(url, { method: 'POST', headers, body, dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
    await response.body.dump();
    return response.statusCode;
  } finally {
    await agent.close();
  }
}

function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}
