/**
 * The report's evaluation section: per split the confusion matrix (rows: true class, columns:
 * predicted, each cell shaded by its share of the row) with per-class accuracy, the largest
 * confusions in words, and the gallery of misclassified validation images. Everything from the
 * run folder is escaped, and an image is embedded only when it is a plain PNG data URL. Pure.
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
import { escapeXml as esc } from './svg-chart'

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
  return `${matrices.join('\n')}\n${galleryHtml(evaluation)}`
}

function matrixHtml(
  split: SplitEvaluation,
  classes: readonly string[],
  baselines: AccuracyBaselines | null
): string {
  const name = (i: number) => esc(classLabel(classes, i))
  const head = split.confusion.map((_, p) => `<th>${name(p)}</th>`).join('')
  const rows = split.confusion.map((row, t) => {
    const cells = row.map((count, p) => {
      const hue = p === t ? '42,122,42' : '214,39,40'
      const alpha = (0.12 + 0.6 * rowShare(split, t, p)).toFixed(2)
      const style = count > 0 ? ` style="background: rgba(${hue},${alpha})"` : ''
      return `<td class="num"${style}>${count}</td>`
    })
    const accuracy = classAccuracyText(split.perClassAccuracy[t], split.counts[t] ?? 0)
    return `<tr><th>${name(t)}</th>${cells.join('')}<td class="num">${split.counts[t] ?? 0}</td><td class="num">${accuracy}</td></tr>`
  })
  const worst = largestConfusions(split, classes)
  const title = `${SPLIT_TITLES[split.split]}: accuracy ${percentText(split.accuracy)}`
  const against = baselineText(split.accuracy, baselines)
  const baselineLine = against
    ? `<p${against.beaten ? '' : ' class="warn"'}>${esc(against.text)}</p>`
    : ''
  return `<h3>${esc(title)}</h3>${baselineLine}
<p>Rows: the true class; columns: what the net predicted. The diagonal counts correct answers.${worst ? ` Most often confused: ${esc(worst)}.` : ''}</p>
<table class="confusion"><thead><tr><th>true \\ predicted</th>${head}<th>examples</th><th>accuracy</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function galleryHtml(evaluation: RunEvaluation): string {
  const name = (i: number) => esc(classLabel(evaluation.classes, i))
  const figures = evaluation.misclassified.map((m) => {
    const img = PNG_DATA_URL.test(m.image)
      ? `<img src="${m.image}" alt="validation image ${m.index}" width="56" height="56">`
      : '<span class="warn">(image unreadable)</span>'
    return `<figure class="miss">${img}<figcaption>true <b>${name(m.trueClass)}</b><br>predicted ${name(m.predictedClass)} (${percentText(m.confidence)})</figcaption></figure>`
  })
  const gallery = figures.length > 0 ? `<div class="gallery">${figures.join('')}</div>` : ''
  return `<h3>Misclassified validation images</h3><p>${esc(galleryNote(evaluation))}</p>${gallery}`
}
