/**
 * The bench's WebGPU section: the bench MLP and CNN through runTraining on the webgpu backend
 * (gpu-survey.ts), with the adapter's name. A software adapter (SwiftShader, llvmpipe)
 * is labelled "software adapter — not a GPU" and never compared with the CPU rates above.
 * Wall-clock; few steps (a software adapter is slow).
 */
import { formatRates } from './gpu-report'
import { checkGpu, type Rates } from './gpu-survey'
import { adapterName, type GpuAdapter } from '../main/contract/runs/summary'

export interface WebgpuBench {
  /** Null when webgpu did not load; `reason` says why. */
  adapter: GpuAdapter | null
  /** "google swiftshader (SwiftShader driver 5.0.0) — software adapter — not a GPU" */
  label: string
  rates: Rates | null
  reason: string | null
}

/** Measures webgpu, or says why it cannot; `scale` < 1 (--quick) takes fewer steps. */
export async function webgpuBench(
  scale: number,
  progress: (line: string) => void
): Promise<WebgpuBench> {
  progress('webgpu: bench MLP and CNN through runTraining (wall-clock)')
  const steps = scale < 1 ? 5 : 10
  const check = await checkGpu('webgpu', { steps, measure: true, progress })
  if (check.reason != null || check.adapter == null) {
    return { adapter: null, label: 'webgpu not available', rates: null, reason: check.reason }
  }
  const kind = check.adapter.software ? 'software adapter — not a GPU' : 'GPU'
  return {
    adapter: check.adapter,
    label: `${adapterName(check.adapter)} — ${kind}`,
    rates: check.rates,
    reason: null
  }
}

/** The section's lines for the text report. Pure. */
export function formatWebgpuBench(bench: WebgpuBench): string {
  if (bench.rates == null) return `webgpu: not available — ${bench.reason ?? 'unknown reason'}`
  const compare = bench.adapter?.software === true ? '; not comparable with the CPU rates' : ''
  return `webgpu on ${bench.label}: ${formatRates(bench.rates)} (runTraining, wall-clock${compare})`
}
