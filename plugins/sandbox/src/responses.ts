const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A JSON response that no cache keeps. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
  });
}

/** An OAuth error body (RFC 6749 §5.2, RFC 6750 §3.1). */
export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Response {
  return json({ error, error_description: description }, status, headers);
}

/** A 302 to the client's redirect URI with `params` appended to whatever query it already has. */
export function redirectToClient(redirectUri: string, params: Record<string, string | undefined>): Response {
  const url = new URL(redirectUri);
  const added = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) added.append(name, value);
  // Appended as text: rewriting through `url.searchParams` would re-encode the client's own parameters.
  url.search = url.search ? `${url.search.slice(1)}&${added}` : added.toString();
  return new Response(null, {
    status: 302,
    headers: { location: url.href, 'referrer-policy': 'no-referrer', ...NO_STORE },
  });
}
