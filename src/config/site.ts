/**
 * Deployment settings read from the environment at build time, so a fork or a mirror can
 * point "Edit this page" and canonical URLs at itself without editing code.
 */
export const siteUrl = process.env.GUIDE_SITE_URL ?? 'http://127.0.0.1:4321';

/** Base of "Edit this page" links; the chapter's path (content/docs/…) is appended. */
export const editBaseUrl =
  process.env.GUIDE_EDIT_BASE_URL ?? 'https://github.com/neural-guide/neural-guide/edit/main/';
