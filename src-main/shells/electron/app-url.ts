/**
 * Whether a URL belongs to the app: its own origin, or the dev server of `npm run dev`, which is
 * never trusted in a packaged build. Compared with the trailing '/', so an origin that merely
 * starts with ours (app://ceremony.evil, http://localhost:51730 for :5173) is not ours.
 */
export function isAppUrl(url: string, appOrigin: string, devUrl: string | undefined, packaged: boolean): boolean {
  const under = (origin: string) => url === origin || url.startsWith(origin.endsWith('/') ? origin : origin + '/');
  return under(appOrigin) || (!packaged && devUrl !== undefined && devUrl !== '' && under(devUrl));
}
