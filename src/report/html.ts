/** Escapes text for the step summary's HTML (tables and paragraphs). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes text for an HTML attribute value (a link's href) as well as for text. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;')
}
