// Kept apart from strings.ts so that islands do not ship Zod (and its eval probe) to the browser.

/** Replace `{{name}}` placeholders (the same syntax as Starlight's UI strings). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
