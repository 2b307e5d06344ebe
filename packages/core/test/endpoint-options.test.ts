import { describe, expect, it } from 'vitest';
import { endpointUrl, originUrl } from '../src/index.js';

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message);

describe('endpoint options (endpointUrl, originUrl)', () => {
  it('refuse plain http off loopback, where a client secret or a token would travel in clear', () => {
    expect(messages(endpointUrl().safeParse('http://api.example.com/oauth/token'))).toEqual([
      'an https URL (plain http only on localhost)',
    ]);
    expect(messages(originUrl().safeParse('http://graph.example.com'))).toEqual([
      'an https origin (plain http only on localhost)',
    ]);
  });

  it('take https anywhere, and plain http on loopback (a fake in tests)', () => {
    for (const url of ['https://api.example.com/v1', 'http://127.0.0.1:9/token', 'http://localhost:3000/x']) {
      expect(endpointUrl().safeParse(url).success, url).toBe(true);
    }
    expect(originUrl().parse('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9');
  });

  it('refuse what is not an http(s) URL, and an origin with a path', () => {
    expect(messages(endpointUrl().safeParse('ftp://example.com/x'))).toEqual(['an http(s) URL']);
    expect(messages(originUrl().safeParse('https://graph.example.com/v19.0'))).toEqual([
      'an origin such as https://api.example.com, without a path',
    ]);
  });
});
