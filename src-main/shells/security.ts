/**
 * The renderer's Content Security Policy, shared by the Electron protocol handler and the
 * loopback host. No inline or eval'd script; network access only to our own origin and to
 * Sui full nodes (the renderer's wallet adapter reads the chain through main, but dapp-kit
 * may issue RPC reads).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
