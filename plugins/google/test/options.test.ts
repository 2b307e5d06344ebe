import { describe, expect, it } from 'vitest';
import google, { GOOGLE_ENDPOINTS } from '../src/index.js';

const client = { clientId: 'id.apps.googleusercontent.com', clientSecret: 'secret' };

describe('Google provider options', () => {
  it("defaults every endpoint to Google's and declares only the Google API hosts it uses", () => {
    const provider = google['google-analytics'](client);
    expect(provider.auth).toMatchObject({
      type: 'oauth2',
      issuer: 'https://accounts.google.com',
      authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revocationUrl: 'https://oauth2.googleapis.com/revoke',
      userinfoUrl: GOOGLE_ENDPOINTS.userinfoUrl,
      clientAuth: 'post',
      pkce: 'S256',
    });
    expect(provider.api).toMatchObject({
      baseUrl: 'https://analyticsadmin.googleapis.com/v1beta',
      // The Data API (reports) lives on its own host.
      allowedHosts: ['analyticsadmin.googleapis.com', 'openidconnect.googleapis.com', 'analyticsdata.googleapis.com'],
    });
    expect(google.gmail(client).api?.allowedHosts).toEqual(['gmail.googleapis.com', 'openidconnect.googleapis.com']);
    expect(google['google-drive'](client).api?.allowedHosts).toEqual([
      'www.googleapis.com',
      'openidconnect.googleapis.com',
    ]);
  });

  it('each factory has its own id, and the config may rename it', () => {
    expect(Object.entries(google).map(([key, factory]) => [key, factory.id])).toEqual([
      ['google', 'google'],
      ['gmail', 'gmail'],
      ['google-analytics', 'google-analytics'],
      ['google-drive', 'google-drive'],
    ]);
    expect(google.gmail(client, { id: 'work-mail' }).id).toBe('work-mail');
  });

  it.each([
    [{ tokenUrl: 'not a url' }, 'options.tokenUrl'],
    [{ authorizationUrl: 'javascript:alert(1)' }, 'options.authorizationUrl'],
    [{ revocationUrl: 'http://oauth2.example.com/revoke' }, 'options.revocationUrl'],
    [{ apiBaseUrl: 'ftp://127.0.0.1/' }, 'options.apiBaseUrl'],
    [{ scopes: [] }, 'options.scopes'],
    [{ clientSecret: '' }, 'options.clientSecret'],
  ])('refuses %j, naming the option', (bad, path) => {
    expect(() => google.google({ ...client, ...bad })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: expect.arrayContaining([expect.objectContaining({ path })]),
      }),
    );
  });

  it('accepts plain http only on loopback, for a local fake', () => {
    const provider = google.google({ ...client, tokenUrl: 'http://127.0.0.1:9000/token' });
    expect((provider.auth as { tokenUrl?: unknown }).tokenUrl).toBe('http://127.0.0.1:9000/token');
  });
});
