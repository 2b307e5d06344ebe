/** Google's OAuth 2.0 endpoints for web server applications, its ID tokens' issuer, and the OpenID userinfo endpoint. */
export const GOOGLE_ENDPOINTS = {
  issuer: 'https://accounts.google.com',
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revocationUrl: 'https://oauth2.googleapis.com/revoke',
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
} as const;

/** The sign-in scopes every Google provider asks for, so the account can be named. */
export const IDENTITY_SCOPES = ['openid', 'email', 'profile'];

/** The full URL of a Google API scope, e.g. `gmail.readonly`. */
export function googleScope(name: string): string {
  return `https://www.googleapis.com/auth/${name}`;
}
