import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** A raw request, so the Host header can be anything a hostile client wants. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string) {
  const { port } = new URL(api.baseUrl);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('ALL /providers/:id/*', () => {
  it("bridges to the provider's http.fetch with the publicUrl-based URL, whatever Host says", async () => {
    const answer = await rawRequest(
      'POST',
      '/providers/mounted/authorize/step?x=1&y=%2F',
      {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-custom': 'kept',
        'content-type': 'application/x-www-form-urlencoded',
      },
      'a=1&b=2',
    );
    expect(answer.status).toBe(207);
    expect(answer.headers['x-provider']).toBe('yes');
    expect(answer.headers['set-cookie']).toEqual(['sandbox=1; Path=/providers/mounted']);
    const seen = JSON.parse(answer.body);
    expect(seen).toEqual({
      method: 'POST',
      url: `${api.baseUrl}/providers/mounted/authorize/step?x=1&y=%2F`,
      host: null,
      forwardedHost: null,
      custom: 'kept',
      body: 'a=1&b=2',
    });
  });

  it('mounts the provider root too, for every method', async () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const answer = await api.call(method, '/providers/mounted');
      expect(answer.status).toBe(207);
      expect(answer.json).toMatchObject({ method, url: `${api.baseUrl}/providers/mounted` });
    }
  });

  it('answers 404 for an unknown provider or one without http routes', async () => {
    for (const path of ['/providers/nope/x', '/providers/keyed/x']) {
      const answer = await api.call('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ error: 'not_found' });
    }
  });

  it('caps the body it hands to the provider', async () => {
    const answer = await api.call('POST', '/providers/mounted/x', {
      body: 'x'.repeat(1024 * 1024 + 1),
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: 'payload_too_large' });
  });
});
