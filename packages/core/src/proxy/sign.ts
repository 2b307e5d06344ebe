import type { Credentials, OutgoingRequest, Provider } from '../contract/types.js';

/** Adds the provider's default headers and signs the request, the plugin's way when it declares `api.authorize`. */
export async function signRequest(provider: Provider<any>, request: OutgoingRequest, credentials: Credentials) {
  for (const [name, value] of Object.entries(provider.api?.defaultHeaders ?? {})) request.headers.set(name, value);
  if (provider.api?.authorize) return provider.api.authorize(request, credentials);
  if (credentials.type === 'oauth2') request.headers.set('authorization', `Bearer ${credentials.accessToken}`);
  else if (credentials.type === 'api_key') request.headers.set('authorization', `Bearer ${credentials.apiKey}`);
  else if (credentials.type === 'basic') {
    const encoded = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    request.headers.set('authorization', `Basic ${encoded}`);
  }
}
