/**
 * The report's evaluation section: per split the confusion matrix (rows: true class, columns:
 * predicted, each cell shaded by its share of the row) with per-class accuracy, the largest
 * confusions in words, and the gallery of misclassified validation images. Every value from the
 * run folder goes through the escaping template (html-text.ts), numbers included: a crafted
 * evaluation.json can hold markup where a count or an index belongs. An image is embedded only
 * when it is a plain PNG data URL. Pure.
 */
import type { RunEvaluation, SplitEvaluation } from '../../contract/runs/evaluation'
import type { AccuracyBaselines } from '../../contract/runs/summary'
import {
  baselineText,
  classAccuracyText,
  classLabel,
  galleryNote,
  largestConfusions,
  percentText,
  rowShare,
  SPLIT_TITLES
} from '../../contract/runs/evaluation-words'
import { html, type Html } from './html-text'

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/

/** The section's body, or a sentence saying why there is none. */
export function evaluationBody(
  evaluation: RunEvaluation | null | undefined,
  baselines: AccuracyBaselines | null = null
): string {
  if (!evaluation)
    return '<p>This run has no evaluation (it diverged, had no validation split, or was recorded before evaluations were kept).</p>'
  const matrices = evaluation.splits.map((split) =>
    matrixHtml(split, evaluation.classes, split.split === 'val' ? baselines : null)
  )
  return html`${matrices}\n${galleryHtml(evaluation)}`.text
}

function matrixHtml(
  split: SplitEvaluation,
  classes: readonly string[],
  baselines: AccuracyBaselines | null
): Html {
  const name = (i: number) => classLabel(classes, i)
  const head = split.confusion.map((_, p) => html`<th>${name(p)}</th>`)
  const rows = split.confusion.map((row, t) => {
    const cells = row.map((count, p) => {
      const hue = p === t ? '42,122,42' : '214,39,40'
      const alpha = (0.12 + 0.6 * rowShare(split, t, p)).toFixed(2)
      const style = count > 0 ? html` style="background: rgba(${hue},${alpha})"` : ''
      return html`<td class="num"${style}>${count}</td>`
    })
    const accuracy = classAccuracyText(split.perClassAccuracy[t], split.counts[t] ?? 0)
    return html`<tr><th>${name(t)}</th>${cells}<td class="num">${split.counts[t] ?? 0}</td><td class="num">${accuracy}</td></tr>`
  })
  const worst = largestConfusions(split, classes)
  const title = `${SPLIT_TITLES[split.split]}: accuracy ${percentText(split.accuracy)}`
  const confused = worst ? html` Most often confused: ${worst}.` : ''
  const against = baselineText(split.accuracy, baselines)
  const baselineLine = against
    ? html`<p${against.beaten ? '' : html` class="warn"`}>${against.text}</p>`
    : ''
  return html`<h3>${title}</h3>${baselineLine}
<p>Rows: the true class; columns: what the net predicted. The diagonal counts correct answers.${confused}</p>
<table class="confusion"><thead><tr><th>true \\ predicted</th>${head}<th>examples</th><th>accuracy</th></tr></thead><tbody>${rows}</tbody></table>`
}

function galleryHtml(evaluation: RunEvaluation): Html {
  const name = (i: number) => classLabel(evaluation.classes, i)
  const figures = evaluation.misclassified.map((m) => {
    const img = PNG_DATA_URL.test(m.image)
      ? html`<img src="${m.image}" alt="validation image ${m.index}" width="56" height="56">`
      : html`<span class="warn">(image unreadable)</span>`
    return html`<figure class="miss">${img}<figcaption>true <b>${name(m.trueClass)}</b><br>predicted ${name(m.predictedClass)} (${percentText(m.confidence)})</figcaption></figure>`
  })
  const gallery = figures.length > 0 ? html`<div class="gallery">${figures}</div>` : ''
  return html`<h3>Misclassified validation images</h3><p>${galleryNote(evaluation)}</p>${gallery}`
}
