/**
 * The report's evaluation section: per split the confusion matrix (rows: true class, columns:
 * predicted, each cell shaded by its share of the row) with per-class accuracy, the largest
 * confusions in words, and the gallery of misclassified validation images. Everything from the
 * run folder is escaped, and an image is embedded only when it is a plain PNG data URL. Pure.
 */
import type { RunEvaluation, SplitEvaluation } from '../evaluation'
import { topConfusions } from '../../stats/confusion'
import { escapeXml as esc } from './svg-chart'

const SPLIT_NAMES = { val: 'Validation', test: 'Test' } as const
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/

const percent = (x: number | null) =>
  x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`

/** The section's body, or a sentence saying why there is none. */
export function evaluationBody(evaluation: RunEvaluation | null | undefined): string {
  if (!evaluation)
    return '<p>This run has no evaluation (it diverged, had no validation split, or was recorded before evaluations were kept).</p>'
  const className = (i: number) => esc(evaluation.classes[i] ?? `class ${i}`)
  const matrices = evaluation.splits.map((split) => matrixHtml(split, className)).join('\n')
  return `${matrices}\n${galleryHtml(evaluation, className)}`
}

function matrixHtml(split: SplitEvaluation, name: (i: number) => string): string {
  const head = split.confusion.map((_, p) => `<th>${name(p)}</th>`).join('')
  const rows = split.confusion.map((row, t) => {
    const n = split.counts[t] ?? 0
    const cells = row.map((count, p) => {
      const share = n > 0 ? count / n : 0
      const hue = p === t ? '42,122,42' : '214,39,40'
      const style =
        count > 0 ? ` style="background: rgba(${hue},${(0.12 + 0.6 * share).toFixed(2)})"` : ''
      return `<td class="num"${style}>${count}</td>`
    })
    return `<tr><th>${name(t)}</th>${cells.join('')}<td class="num">${n}</td><td class="num">${percent(split.perClassAccuracy[t] ?? null)}</td></tr>`
  })
  const worst = topConfusions(split.confusion, 3)
    .map((c) => `${name(c.trueClass)} taken for ${name(c.predictedClass)} (${c.count})`)
    .join('; ')
  const title = `${SPLIT_NAMES[split.split]}: accuracy ${percent(split.accuracy)}`
  return `<h3>${esc(title)}</h3>
<p>Rows: the true class; columns: what the net predicted. The diagonal counts correct answers.${worst ? ` Most often confused: ${worst}.` : ''}</p>
<table class="confusion"><thead><tr><th>true \\ predicted</th>${head}<th>examples</th><th>accuracy</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function galleryHtml(evaluation: RunEvaluation, name: (i: number) => string): string {
  const shown = evaluation.misclassified
  if (shown.length === 0)
    return '<h3>Misclassified validation images</h3><p>None: every validation image was classified correctly.</p>'
  const figures = shown.map((m) => {
    const img = PNG_DATA_URL.test(m.image)
      ? `<img src="${m.image}" alt="validation image ${m.index}" width="56" height="56">`
      : '<span class="warn">(image unreadable)</span>'
    return `<figure class="miss">${img}<figcaption>true <b>${name(m.trueClass)}</b><br>predicted ${name(m.predictedClass)} (${percent(m.confidence)})</figcaption></figure>`
  })
  const of =
    evaluation.misclassifiedTotal > shown.length
      ? `${shown.length} of ${evaluation.misclassifiedTotal}, the most confident mistakes of each class in turn`
      : `all ${shown.length}`
  return `<h3>Misclassified validation images</h3><p>${esc(of)}; the percentage is how sure the net was of its wrong answer.</p><div class="gallery">${figures.join('')}</div>`
}
