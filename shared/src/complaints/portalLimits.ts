/** Header carrying the tracking token (the `#t=` fragment of the tracking link). */
export const trackingTokenHeader = 'X-Tracking-Token';

/** Attachment limits, enforced by the server and shown by the client. */
export const attachmentLimits = {
  maxFiles: 5,
  maxBytes: 5 * 1024 * 1024,
  /** Content types accepted, decided from the file's bytes, never from its name. */
  contentTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
} as const;
