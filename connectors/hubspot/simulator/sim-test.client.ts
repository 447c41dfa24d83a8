import type { HubSpotSimulator } from './hubspot-simulator';

export interface HubSpotAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body (204). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions index freely
  readonly body: any;
}

/** A minimal HubSpot API caller for the simulator's tests and demos. */
export async function hubspotCall(
  sim: Pick<HubSpotSimulator, 'url' | 'accessToken'>,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null } = {},
): Promise<HubSpotAnswer> {
  const token = options.token === undefined ? sim.accessToken : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}
