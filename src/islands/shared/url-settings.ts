// The query string of a shareable link, read and written without the DOM (the hook that uses it is
// useUrlSettings.ts). Each island owns a namespace: `?mnist.epochs=1&mnist.lr=0.01`.

const key = (namespace: string, name: string) => `${namespace}.${name}`;

/** Decode one `name=value` key the way URLSearchParams does, or null when it is not valid percent-encoding. */
function decodeKey(part: string): string | null {
  const raw = part.split('=', 1)[0]!;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The text a link gives each of `names` in `namespace`, as it stands there (not yet validated: the
 * island's fields do that, with the messages a reader typing it would get). A name given twice
 * counts once, its first time, as with URLSearchParams.get.
 */
export function readLinkSettings<Name extends string>(search: string, namespace: string, names: readonly Name[]): Partial<Record<Name, string>> {
  const params = new URLSearchParams(search);
  const found: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const text = params.get(key(namespace, name));
    if (text !== null) found[name] = text;
  }
  return found;
}

/**
 * What a link setting becomes: a string is written, `null` removes the parameter (the value is the
 * page's default, so a plain page keeps a plain URL), `undefined` leaves whatever the link has (a
 * field whose text is invalid: the link keeps saying what it said until the reader corrects it).
 */
export type LinkValue = string | null | undefined;

/**
 * `search` with the namespace's parameters set to `values`. Every other parameter stays byte for
 * byte and in its place (URLSearchParams would re-encode them: `?a` would come back as `?a=`); a
 * parameter already there is replaced where it stands, and a new one is appended.
 */
export function writeLinkSettings(search: string, namespace: string, values: Record<string, LinkValue>): string {
  const owned = new Map(Object.keys(values).map((name) => [key(namespace, name), name]));
  const written = new Set<string>();
  const pair = (name: string, value: string) => `${encodeURIComponent(key(namespace, name))}=${encodeURIComponent(value)}`;
  const parts: string[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const decoded = decodeKey(part);
    const name = decoded === null ? undefined : owned.get(decoded);
    const value = name === undefined ? undefined : values[name];
    if (name === undefined || value === undefined) {
      parts.push(part);
      continue;
    }
    if (value !== null && !written.has(name)) parts.push(pair(name, value));
    written.add(name);
  }
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && !written.has(name)) parts.push(pair(name, value));
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
