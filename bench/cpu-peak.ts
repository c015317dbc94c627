/**
 * This machine's FP32 peak, for the CNN's share of it: cores × clock × FLOPs per cycle per core
 * (32 with AVX2 and FMA: two 8-lane fused multiply-adds; 16 with AVX; 8 otherwise), read from
 * /proc/cpuinfo on Linux. The clock there is the current one, often below the boost clock the
 * cores run at under load, so TRAINSCAPE_PEAK_GFLOPS overrides the estimate with a known figure.
 * Also the ceiling WebAssembly can reach: its SIMD is 128 bits wide, half an AVX2 register.
 */
import { readFileSync } from 'node:fs'

export interface CpuPeak {
  /** FP32 GFLOP/s of all `cores`; null when unknown. */
  gflops: number | null
  /** Where the figure comes from, for the report. */
  source: string
}

/** The FP32 peak of `cores` cores (see the module header). Reads the environment and /proc. */
export function cpuPeak(cores: number, env: NodeJS.ProcessEnv = process.env): CpuPeak {
  const given = Number(env.TRAINSCAPE_PEAK_GFLOPS)
  if (env.TRAINSCAPE_PEAK_GFLOPS !== undefined && given > 0) {
    return { gflops: given, source: 'TRAINSCAPE_PEAK_GFLOPS' }
  }
  let info: string
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8')
  } catch {
    return { gflops: null, source: 'unknown (no /proc/cpuinfo; set TRAINSCAPE_PEAK_GFLOPS)' }
  }
  return peakFromCpuinfo(info, cores)
}

/** The estimate from the text of /proc/cpuinfo. Pure. */
export function peakFromCpuinfo(info: string, cores: number): CpuPeak {
  const mhz = Math.max(
    0,
    ...[...info.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]))
  )
  const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(info)?.[1]!.split(/\s+/) ?? [])
  const perCycle = flags.has('avx2') && flags.has('fma') ? 32 : flags.has('avx') ? 16 : 8
  if (mhz <= 0) return { gflops: null, source: 'unknown (no clock in /proc/cpuinfo)' }
  const simd = perCycle === 32 ? 'AVX2 FMA' : perCycle === 16 ? 'AVX' : 'SSE'
  return {
    gflops: (cores * mhz * perCycle) / 1000,
    source: `${cores} cores × ${(mhz / 1000).toFixed(2)} GHz (current clock) × ${perCycle} FLOP/cycle (${simd})`
  }
}
