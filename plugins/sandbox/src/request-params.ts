const FORM_LIMIT_BYTES = 16 * 1024;

/** An `application/x-www-form-urlencoded` body of at most 16 KiB; undefined when the request sends anything else. */
export async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  if (!request.body) return new URLSearchParams();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > FORM_LIMIT_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(read.value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Each named parameter's value (an empty value counts as absent, RFC 6749 §3.1), or the first name
 * given more than once, which OAuth forbids.
 */
export function pickParams<K extends string>(
  params: URLSearchParams,
  names: readonly K[],
): { values: Partial<Record<K, string>>; repeated?: undefined } | { repeated: K; values?: undefined } {
  const values: Partial<Record<K, string>> = {};
  for (const name of names) {
    const all = params.getAll(name);
    if (all.length > 1) return { repeated: name };
    if (all[0]) values[name] = all[0];
  }
  return { values };
}
