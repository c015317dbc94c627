/**
 * The text `npm run gpu-check` prints from a GpuSurvey (and the bench's WebGPU lines). A software
 * adapter's rate is labelled "software adapter — not a GPU" and gets no ratio to the CPU: it is
 * the CPU, drawing triangles. Pure.
 */
import type { GpuCheck, GpuSurvey, Rates } from './gpu-survey'

const rate = (r: number | null): string => (r == null ? '—' : `${r.toFixed(1)} samples/s`)

/** "mlp 812.3 samples/s, cnn 95.0 samples/s" */
export function formatRates(rates: Rates): string {
  return `mlp ${rate(rates.mlp)}, cnn ${rate(rates.cnn)}`
}

/** "×3.20 the CPU" per net, or null when either side is missing. Pure. */
function versusCpu(gpu: Rates, cpu: Rates | null): string | null {
  if (cpu == null) return null
  const parts = (['mlp', 'cnn'] as const).map((net) => {
    const g = gpu[net]
    const c = cpu[net]
    return g == null || c == null || c === 0 ? null : `${net} ×${(g / c).toFixed(2)}`
  })
  return parts.every((p) => p == null) ? null : parts.filter((p) => p != null).join(', ')
}

/** The lines for one GPU backend. */
export function formatGpuCheck(check: GpuCheck, cpu: GpuSurvey['cpu']): string[] {
  if (check.reason != null) return [`${check.backend}: not available — ${check.reason}`]
  const lines = [`${check.backend}: loads — ${check.device ?? check.backend}`]
  if (check.rates == null) return lines
  if (check.adapter?.software === true) {
    const cnn = check.rates.cnn == null ? '; CNN not timed, minutes per step' : ''
    lines.push(
      `  ${formatRates(check.rates)} (software adapter — not a GPU; not compared with the CPU${cnn})`
    )
    return lines
  }
  const ratio = versusCpu(check.rates, cpu.rates)
  lines.push(`  ${formatRates(check.rates)}${ratio == null ? '' : ` (${ratio} the CPU)`}`)
  return lines
}

/** The whole report, ending with what 'auto' will train on. */
export function formatSurvey(survey: GpuSurvey): string {
  const how =
    survey.cpu.rates == null
      ? 'which GPU backends load; no training runs'
      : `${survey.steps}-step runs of the bench MLP and CNN, wall-clock`
  const lines = [`GPU check (${how})`, '']
  for (const check of survey.gpus) lines.push(...formatGpuCheck(check, survey.cpu))
  lines.push(`best CPU backend: ${survey.cpu.device}`)
  if (survey.cpu.rates != null) lines.push(`  ${formatRates(survey.cpu.rates)}`)
  lines.push('', `'auto' trains on: ${autoChoice(survey)}`)
  return lines.join('\n')
}

/** The backend the resolver's 'auto' picks given this survey. Pure. */
export function autoChoice(survey: GpuSurvey): string {
  const gpu = survey.gpus.find((g) => g.reason == null && g.adapter?.software !== true)
  return gpu?.backend ?? survey.cpu.backend
}
