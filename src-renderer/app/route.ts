/** Hash routes: they survive reloads and need no server support (Electron app://, loopback). */
export type Route = { name: 'home' } | { name: 'ceremony'; id: string } | { name: 'new'; protocol: string | null } | { name: 'vault' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  let m: RegExpExecArray | null;
  if ((m = /^\/ceremony\/([a-z0-9-]+)$/.exec(path))) return { name: 'ceremony', id: m[1]! };
  if ((m = /^\/new(?:\/([a-z]+))?$/.exec(path))) return { name: 'new', protocol: m[1] ?? null };
  if (path === '/vault') return { name: 'vault' };
  return { name: 'home' };
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'home':
      return '#/';
    case 'ceremony':
      return `#/ceremony/${r.id}`;
    case 'new':
      return r.protocol ? `#/new/${r.protocol}` : '#/new';
    case 'vault':
      return '#/vault';
  }
}
