/**
 * Fills a canned response's `{{variable}}` slots. A slot without a value stays visible as
 * `{{name}}`, so the agent sees what is missing instead of sending a blank.
 */
export function fillTemplate(template: string, values: Record<string, string | null | undefined>): string {
  return template.replace(/\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g, (slot, name: string) => {
    const value = values[name];
    return value ? value : slot;
  });
}
