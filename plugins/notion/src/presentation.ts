/** Notion's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const NOTION_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Notion"><rect width="48" height="48" rx="10" fill="#2f3437"/><text x="24" y="31" text-anchor="middle" font-family="system-ui, sans-serif" font-size="24" font-weight="700" fill="#fff">N</text></svg>';
