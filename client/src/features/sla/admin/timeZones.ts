/** Every IANA zone the browser knows (plus UTC), for the time zone pickers. */
export function timeZoneOptions(): { value: string; label: string }[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', ...zones])].map((z) => ({ value: z, label: z }));
}
