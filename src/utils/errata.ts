import { ErratumSchema, type Erratum } from '../components/erratum-schema';

/** An erratum found in a chapter's MDX source, with the line it starts on. */
export interface ExtractedErratum extends Erratum {
  line: number;
}

const OPENING = /<Erratum\b/g;
// Only string-literal attributes: `said="…"` or `said='…'` (values may contain `>`).
const TAG_AT = /<Erratum((?:\s+[A-Za-z]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*>/y;
const ATTRIBUTE = /([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Find every `<Erratum …>` opening tag in an MDX source and validate its attributes with the
 * component's own schema. The errata index is built from this, so an erratum cannot be missing
 * from the index; a tag this cannot read (an attribute written as an expression, say) throws
 * with the file and line rather than being skipped.
 */
export function extractErrata(source: string, file: string): ExtractedErratum[] {
  const found: ExtractedErratum[] = [];
  for (const opening of source.matchAll(OPENING)) {
    const line = source.slice(0, opening.index).split('\n').length;
    TAG_AT.lastIndex = opening.index;
    const tag = TAG_AT.exec(source);
    if (!tag) {
      throw new Error(
        `${file}:${line}: cannot read this <Erratum> tag; write every attribute as a quoted string (said="…")`,
      );
    }
    const attributes: Record<string, string> = {};
    for (const attr of (tag[1] ?? '').matchAll(ATTRIBUTE)) {
      attributes[attr[1]!] = attr[2] ?? attr[3] ?? '';
    }
    const parsed = ErratumSchema.safeParse(attributes);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${file}:${line}: <Erratum> has invalid attributes (${issues})`);
    }
    found.push({ ...parsed.data, line });
  }
  return found;
}
