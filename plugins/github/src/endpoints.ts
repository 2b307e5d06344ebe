/** GitHub's OAuth endpoints (the same for OAuth apps and GitHub Apps) and its REST API. */
export const GITHUB_ENDPOINTS = {
  authorizationUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  apiBaseUrl: 'https://api.github.com',
} as const;

/** Headers GitHub's REST API asks every caller to send: its media type, a pinned version, and a User-Agent. */
export const GITHUB_API_HEADERS = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'Plugboard',
};
