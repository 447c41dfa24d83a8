import type { SquareSimulator } from './square-simulator';

/** A minimal Square API caller for tests and demos of the simulator. */
export async function squareCall(
  sim: Pick<SquareSimulator, 'url' | 'accessToken'>,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = options.token === undefined ? sim.accessToken : options.token;
  const headers: Record<string, string> = { 'square-version': '2025-08-20' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
