/** The sandbox's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const SANDBOX_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Sandbox"><rect width="48" height="48" rx="10" fill="#8a5a00"/><g fill="#fff"><circle cx="16" cy="30" r="4"/><circle cx="24" cy="22" r="4"/><circle cx="32" cy="30" r="4"/><rect x="10" y="35" width="28" height="3" rx="1.5"/></g></svg>';
