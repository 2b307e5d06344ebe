import type { ScopeDescription } from '@plugboard/core';

// Simple marks drawn for Plugboard (not Meta's own artwork), sanitised by the hub at load.

/** Facebook Pages: a monogram. */
export const FACEBOOK_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Facebook Pages"><rect width="48" height="48" rx="10" fill="#1c5bbf"/><text x="24" y="31" text-anchor="middle" font-family="system-ui, sans-serif" font-size="26" font-weight="700" fill="#fff">f</text></svg>';

/** Instagram: a rounded square and a lens. */
export const INSTAGRAM_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Instagram"><rect width="48" height="48" rx="10" fill="#a3267c"/><rect x="12" y="12" width="24" height="24" rx="7" fill="none" stroke="#fff" stroke-width="3"/><circle cx="24" cy="24" r="5.5" fill="none" stroke="#fff" stroke-width="3"/></svg>';

/** Meta's permissions for pages and Instagram in plain words, for the connect page. */
export const META_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  pages_show_list: { text: 'See the list of Pages you manage' },
  pages_read_engagement: { text: "Read your Pages' posts, comments and followers", sensitive: true },
  pages_manage_posts: { text: 'Publish and delete posts on your Pages', sensitive: true },
  pages_messaging: { text: "Read and answer your Pages' messages", sensitive: true },
  instagram_business_basic: { text: 'See your Instagram profile and media' },
  instagram_business_content_publish: { text: 'Publish to your Instagram account', sensitive: true },
  instagram_business_manage_comments: { text: 'Read and answer comments on your media', sensitive: true },
  instagram_business_manage_messages: { text: 'Read and answer your Instagram messages', sensitive: true },
};
