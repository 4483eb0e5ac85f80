// Kept apart from strings.ts so that islands do not ship Zod (and its eval probe) to the browser.

/**
 * Replace `{{name}}` placeholders (the same syntax as Starlight's UI strings). `{{name|one|other}}`
 * picks a word by the value's count, English style (1 → `one`, anything else → `other`), for
 * strings such as "Finished {{epochs}} {{epochs|epoch|epochs}}"; languages without plural forms
 * simply do not use it.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in values)) return whole;
    if (one === undefined) return String(values[name]);
    return Number(values[name]) === 1 ? one : other!;
  });
}
