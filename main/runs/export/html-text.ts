/**
 * The one way the report builds HTML: a tagged template, html`<p>${value}</p>`, that escapes
 * every interpolated value unless it is itself an Html made by this template (or by `raw` for
 * markup the code generates, such as an SVG chart). A run folder's files may be crafted, and a
 * field typed as a number (a count, an index) can hold markup on disk; with this template a
 * forgotten escape is impossible rather than a review finding. Pure.
 */
import { escapeXml } from './svg-chart'

/** Text that is already HTML: made by `html` or `raw`, never from a run file's value. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** Markup produced by our own code (an SVG chart, the style sheet), trusted as it is. */
export const raw = (text: string): Html => new Html(text)

/** One interpolated value: Html as is, arrays item by item, anything else escaped as text. */
function part(value: unknown): string {
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(part).join('')
  if (value === null || value === undefined) return ''
  return escapeXml(String(value))
}

/** The template tag: literal parts kept, every value escaped for text and quoted attributes. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] ?? ''
  values.forEach((value, i) => {
    text += part(value) + (strings[i + 1] ?? '')
  })
  return new Html(text)
}
