import { describe, expect, it } from 'vitest'
import { peakFromCpuinfo } from '../../bench/cpu-peak'

describe('peakFromCpuinfo', () => {
  const cpu = (mhz: string, flags: string) =>
    `processor\t: 0\ncpu MHz\t\t: ${mhz}\nflags\t\t: fpu sse ${flags}\n\nprocessor\t: 1\ncpu MHz\t\t: 2000.0\n`
  it('counts 32 FLOP per cycle per core with AVX2 and FMA, at the highest clock listed', () => {
    expect(peakFromCpuinfo(cpu('2968.5', 'avx avx2 fma'), 2).gflops).toBeCloseTo(190, 0)
  })
  it('counts 16 with AVX only and 8 without, and knows nothing without a clock', () => {
    expect(peakFromCpuinfo(cpu('3000', 'avx'), 1).gflops).toBe(48)
    expect(peakFromCpuinfo(cpu('3000', ''), 1).gflops).toBe(24)
    expect(peakFromCpuinfo('flags\t: avx2 fma\n', 2).gflops).toBeNull()
  })
})
