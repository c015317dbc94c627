/**
 * The run report as one self-contained HTML document (inline CSS and SVG only, a CSP that
 * forbids every fetch), readable on screen and, through print CSS, on paper. Findings come
 * first, then configuration, data (every broken image named), curves, depth figures, per-layer
 * tables, 3D snapshots, the backend with timings, and the configuration's JSON in an appendix.
 * Pure: data in, text out.
 */
import {
  censuses,
  shownProbes,
  summaryProbes
} from '../../contract/runs/dead-census'
import { measureApplies } from '../../contract/stats/applicability'
import { partingNote } from '../../contract/stats/theory-chain'
import { causeLabel, fixChanges } from '../../contract/diagnosis/cause-line'
import type { Finding, LayerSnapshot } from '../../contract/runs/summary'
import type { RunIntegrity, RunMeta } from '../run-reader'
import { layerSummaries } from '../../contract/runs/summary'
import {
  SKIP_KINDS,
  groupSkipped,
  skipKind,
  skippedSummaryLine,
  type SkippedFile,
  type SkippedGroup
} from '../../contract/runs/skipped-files'
import type { RunEvaluation } from '../../contract/runs/evaluation'
import { dataSourceText, normalizationWords } from '../../contract/runs/data-words'
import { evaluationBody } from './evaluation-report'
import { landscapeSvg } from './landscape-svg'
import {
  accuracyChart,
  deadTimeChart,
  gradientDepthChart,
  gradientTimeChart,
  lossChart,
  saturatedTimeChart,
  varianceDepthChart
} from './report-charts'
import type { SeriesInput } from './series'
import { escapeXml } from './svg-chart'
import { REPORT_CSS } from './report-style'

export interface ReportInput extends SeriesInput {
  meta?: RunMeta
  integrity?: RunIntegrity
  evaluation?: RunEvaluation | null
}

/**
 * Escapes any value for HTML text or a quoted attribute. summary.json is read from disk and may
 * be crafted, so a field typed as a number or a list can hold markup: every field goes through
 * here, whatever its declared type.
 */
const esc = (value: unknown): string => escapeXml(String(value))

/** `value` when it is an array, else an empty one (a crafted file may hold anything). */
const list = <T>(value: readonly T[] | unknown): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : []

const fmt = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? '–'
    : Number.isFinite(x)
      ? String(Number(x.toPrecision(4)))
      : String(x)

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>\n${body}\n</section>`
}

function table(head: string[], rows: (string | number | null)[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('')
  const tr = rows.map(
    (r) =>
      `<tr>${r.map((c) => `<td>${typeof c === 'number' || c === null ? fmt(c) : esc(c)}</td>`).join('')}</tr>`
  )
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr.join('')}</tbody></table>`
}

/** `step 2` for a one-step range, `steps 40–120` otherwise. */
function stepSpan([from, to]: readonly [number, number]): string {
  return from === to ? `step ${from}` : `steps ${from}–${to}`
}

/** "Likely cause: …" and, when the finding has one, "Fix: set … Why." as paragraphs. */
function causeParagraphs(f: Finding): string {
  if (!f.cause) return ''
  const cause = `<p class="cause"><b>${esc(causeLabel(f.cause))}:</b> ${esc(f.cause.text)}</p>`
  if (!f.fix) return cause
  return `${cause}<p class="fix"><b>Fix:</b> ${esc(fixChanges(f.fix))}. ${esc(f.fix.why)}</p>`
}

function findingsSection(input: ReportInput): string {
  const findings = input.summary.findings
  if (findings.length === 0)
    return section(
      'Findings',
      '<p class="ok">No problems found: none of the lecture\'s failure patterns crossed its threshold.</p>'
    )
  const items = findings.map((f: Finding) => {
    const layers = f.layers.map((i) => input.layers[i]?.name ?? `layer ${i}`).join(', ')
    const where = [layers && `layers: ${layers}`, f.steps && stepSpan(f.steps)]
      .filter(Boolean)
      .join(' · ')
    return `<li class="finding ${esc(f.severity)}"><p><span class="badge">${esc(f.severity)}</span> <code>${esc(f.code)}</code> <span class="where">${esc(where)}</span></p><p>${esc(f.evidence)}</p>${causeParagraphs(f)}<p class="try"><b>Try:</b> ${esc(f.suggestion)}</p></li>`
  })
  return section('Findings', `<ul class="findings">${items.join('\n')}</ul>`)
}

function headerSection(input: ReportInput): string {
  const s = input.summary
  const title = input.meta?.displayName ?? s.name
  const rows: [string, string][] = [
    ['run', input.id],
    ['status', s.status + (s.reason ? ` — ${s.reason}` : '')],
    ['started', s.startedAt],
    ['ended', s.endedAt ?? '–'],
    ['steps / epochs', `${s.steps} / ${s.epochs}`],
    ['final train loss / accuracy', `${fmt(s.final.trainLoss)} / ${fmt(s.final.trainAcc)}`],
    ['final validation loss / accuracy', `${fmt(s.final.valLoss)} / ${fmt(s.final.valAcc)}`]
  ]
  if (input.meta?.tags.length) rows.push(['tags', input.meta.tags.join(', ')])
  const desc = input.config.description ? `<p>${esc(input.config.description)}</p>` : ''
  return `<header><h1>${esc(title)}</h1>${desc}${table(['', ''], rows)}</header>`
}

function configSection(input: ReportInput): string {
  const layers = table(
    [
      'layer',
      'kind',
      'units',
      'fan-in',
      'activation',
      'initializer',
      'batch norm',
      'dropout',
      'output shape'
    ],
    input.layers.map((l) => [
      l.name,
      l.kind,
      l.units,
      l.fanIn,
      l.activation,
      l.initializer,
      l.batchNorm ? 'yes' : 'no',
      l.dropout,
      `[${l.outputShape.join(', ')}]`
    ])
  )
  return section(
    'Configuration',
    `${layers}<p>The whole configuration, as JSON, is in the appendix at the end.</p>`
  )
}

/** The run's configuration as JSON, last: a reference for rerunning, not reading. */
function configAppendix(input: ReportInput): string {
  return `<section class="appendix"><h2>Appendix: configuration (JSON)</h2>\n<pre>${esc(JSON.stringify(input.config, null, 2))}</pre>\n</section>`
}

function datasetSection(input: ReportInput): string {
  const d = input.summary.dataset
  if (!d) return section('Dataset', '<p>No dataset summary was recorded.</p>')
  const counts = typeof d.counts === 'object' && d.counts !== null ? d.counts : {}
  const classes = list<string>(d.classes)
  const splits = Object.keys(counts)
  const rows = classes.map((c) => [c, ...splits.map((s) => counts[s]?.[c] ?? 0)])
  const skippedLine = skippedBody(d.skipped, d.skippedCount, d.skippedGroups)
  const shape = list<number>(d.inputShape).join('×') || '?'
  return section(
    'Dataset',
    `<p>Source: <code>${esc(dataSourceText(d, input.summary.backend))}</code>; input ${esc(shape)}; ${classes.length} classes.</p>` +
      `<p>Input normalization: ${esc(normalizationWords(d.normalization, input.summary.backend))}.</p>` +
      `${splits.length ? table(['class', ...splits], rows) : ''}${skippedLine}`
  )
}

/** Others named in the report; summary.json lists more, the Data view all. */
const OTHERS_SHOWN = 20

/**
 * The skipped files: a line of counts per kind and extension, every broken image by name, and
 * the first few others. Arguments come straight from summary.json and are checked here.
 */
function skippedBody(skippedField: unknown, countField: unknown, groupsField: unknown): string {
  const skipped = list<SkippedFile>(skippedField).filter(
    (s) => typeof s?.path === 'string' && typeof s.reason === 'string'
  )
  const total = typeof countField === 'number' ? countField : skipped.length
  if (total === 0) return ''
  const groups = Array.isArray(groupsField)
    ? list<SkippedGroup>(groupsField).filter(
        (g) => typeof g?.count === 'number' && SKIP_KINDS.includes(g.kind)
      )
    : groupSkipped(skipped)
  const item = (s: SkippedFile) => `<li><code>${esc(s.path)}</code> — ${esc(s.reason)}</li>`
  const broken = skipped.filter((s) => skipKind(s) === 'broken-image')
  const others = skipped.filter((s) => skipKind(s) !== 'broken-image')
  const brokenList = broken.length
    ? `<h3>Broken images (${esc(broken.length)})</h3><ul class="skipped">${broken.map(item).join('')}</ul>`
    : '<p>No broken images: every file with an image name or signature decoded.</p>'
  const shown = others.slice(0, OTHERS_SHOWN)
  const more = total - broken.length - shown.length
  const othersList = shown.length
    ? `<h3>Other skipped files</h3><ul class="skipped">${shown.map(item).join('')}</ul>${more > 0 ? `<p>…and ${esc(more.toLocaleString('en-US'))} more (summary.json lists the first 200).</p>` : ''}`
    : ''
  return `<p class="skipped-line"><b>${esc(total.toLocaleString('en-US'))} file(s) skipped:</b> ${esc(skippedSummaryLine(groups))}.</p>${brokenList}${othersList}`
}

function figure(svg: string): string {
  return `<figure>${svg}</figure>`
}

/** A layer's row at one probe; dead/saturated read "n/a" where they do not apply. */
function snapshotRow(
  name: string,
  when: string,
  s: LayerSnapshot | null,
  applies: { dead: boolean; saturated: boolean }
): (string | number | null)[] {
  if (!s) return [name, when, '–', '–', '–', '–', '–', '–', '–', '–', '–']
  return [
    name,
    when,
    s.preVar,
    s.predictedPreVar,
    s.postMean,
    s.postVar,
    s.weightVar,
    s.weightSpread,
    applies.dead ? s.deadFraction : 'n/a',
    applies.saturated ? s.saturatedFraction : 'n/a',
    s.gradNorm
  ]
}

function layerTableSection(input: ReportInput): string {
  // From the shown probes when there are any, so "dead" means what it means everywhere else.
  const summaries =
    input.probes.length > 0 || input.summary.layers.length === 0
      ? layerSummaries(input.layers, ...summaryProbes(input.probes, input.epochs))
      : input.summary.layers
  const rows = summaries.flatMap((l, i) => {
    const output = i === summaries.length - 1
    const applies = {
      dead: measureApplies('dead', l.activation, output),
      saturated: measureApplies('saturated', l.activation, output)
    }
    return [
      snapshotRow(l.name, 'init', l.atInit, applies),
      snapshotRow(l.name, 'final', l.final, applies)
    ]
  })
  const head = [
    'layer',
    'when',
    'Var(h)',
    'predicted',
    'post mean',
    'post var',
    'Var(w)',
    'weight spread',
    'dead',
    'saturated',
    '‖∂L/∂W‖'
  ]
  return section('Per-layer numbers', table(head, rows))
}

function landscapesSection(input: ReportInput): string {
  const svgs = input.layers
    .slice(0, -1)
    .map((l, i) => landscapeSvg(input.probes, i, `${l.name} (${l.activation})`))
    .filter((s): s is string => s !== null)
  return section(
    'Activation landscapes (snapshots of the 3D view)',
    svgs.length ? svgs.map(figure).join('\n') : '<p>No probes were recorded.</p>'
  )
}

function backendSection(input: ReportInput): string {
  const s = input.summary
  const ms = input.steps.map((x) => x.ms).filter(Number.isFinite)
  const meanMs = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : null
  const seconds = input.epochs.reduce((a, e) => a + e.seconds, 0)
  const notes = list<{ backend: string; reason: string }>(s.backendNotes)
    .map((n) => `<li>${esc(n.backend)}: ${esc(n.reason)}</li>`)
    .join('')
  const torn =
    input.integrity &&
    Object.entries(input.integrity.tornTail)
      .filter(([, t]) => t)
      .map(([f]) => f)
  const integrity = torn?.length
    ? `<p class="warn">A torn last record was dropped from: ${esc(torn.join(', '))} (the trainer was killed mid-write).</p>`
    : ''
  const rows: [string, string][] = [
    ['backend', s.backend],
    ['seed', String(s.seed)],
    ['samples / second', fmt(s.samplesPerSecond)],
    ['mean step time (ms)', fmt(meanMs)],
    ['epoch time total (s)', fmt(seconds)]
  ]
  return section(
    'Backend and timings',
    `${table(['', ''], rows)}${notes ? `<ul>${notes}</ul>` : ''}${integrity}`
  )
}

/** Why measured and predicted variance part after training, when they do. */
function partingParagraph(input: ReportInput): string {
  const note = partingNote(input.probes.at(-1) ?? null, input.layers)
  return note ? `<p>${esc(note)}</p>` : ''
}

/** What "dead" means in this report: confirmed on the training split, or not checked. */
function deadParagraph(input: ReportInput): string {
  const last = censuses(input.probes, input.epochs).at(-1)
  if (!last)
    return '<p>This run has no check on the whole training split (it was recorded before the check existed): units silent on the probe batch are counted as inactive on the probe, not dead.</p>'
  const n = last.census.examples.toLocaleString('en-US')
  return `<p>Dead: output 0 on every one of the ${n} training examples checked (before training and at each epoch's end, last at step ${last.step}). Units silent on the probe batch but firing on some training example are inactive on the probe, not dead.</p>`
}

/** The whole report as HTML text. Pure; references nothing outside the document. */
export function htmlReport(raw: ReportInput): string {
  const input: ReportInput = { ...raw, probes: shownProbes(raw.probes, raw.epochs) }
  const body = [
    headerSection(input),
    findingsSection(input),
    configSection(input),
    datasetSection(input),
    section('Loss and accuracy', [lossChart(input), accuracyChart(input)].map(figure).join('\n')),
    section('Confusion matrix and misclassified images', evaluationBody(input.evaluation, input.summary.dataset?.baselines ?? null)),
    section(
      'Variance versus depth',
      `<p>Solid: measured Var(h) of each layer's pre-activations, at initialization and at the last probe. Dashed: the lecture's prediction Var(h) = n·Var(w)·E[x²], once per layer from its fan-in, its measured weight variance and the previous layer's output, and once carried from the input's measured E[x²] through the initializers alone (each initializer's Var(w); ReLU halves the second moment). The prediction holds at initialization.</p>${figure(varianceDepthChart(input))}${partingParagraph(input)}`
    ),
    section(
      'Gradient flow',
      [gradientDepthChart(input), gradientTimeChart(input)].map(figure).join('\n')
    ),
    section(
      'Dead and saturated units',
      deadParagraph(input) +
        [deadTimeChart(input), saturatedTimeChart(input)].map(figure).join('\n')
    ),
    layerTableSection(input),
    landscapesSection(input),
    backendSection(input),
    configAppendix(input)
  ]
  // form-action: CSP's default-src does not cover where a form may send; nothing here may.
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(input.summary.name)} — Trainscape report</title><style>${REPORT_CSS}</style></head>\n<body>\n${body.join('\n')}\n<footer>Trainscape report for run ${esc(input.id)}.</footer>\n</body></html>\n`
}
