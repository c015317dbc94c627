import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formatGpuCheck, formatSurvey } from '../../../bench/gpu-report'
import type { GpuSurvey } from '../../../bench/gpu-survey'

const swiftshader = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: 'SwiftShader driver 5.0.0',
  software: true
}
const cpu: GpuSurvey['cpu'] = {
  backend: 'wasm',
  device: 'wasm (WebAssembly, SIMD, 1 thread)',
  rates: { mlp: 1000, cnn: 100 }
}

/** Runs `npm run gpu-check -- args` in a child with `env` added; resolves with its output. */
async function gpuCheck(args: string[], env: Record<string, string>) {
  return promisify(execFile)('npx', ['tsx', 'main/cli/gpu-check.ts', ...args], {
    env: { ...process.env, ...env },
    timeout: 120_000
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e
  )
}

describe('gpu-check report', () => {
  it('labels a software adapter and never compares its rate with the CPU', () => {
    const check = {
      backend: 'webgpu' as const,
      reason: null,
      device:
        'webgpu (google swiftshader (SwiftShader driver 5.0.0); software adapter — not a GPU)',
      adapter: swiftshader,
      rates: { mlp: 50, cnn: 5 }
    }
    const lines = formatGpuCheck(check, cpu)
    expect(lines[1]).toBe(
      '  mlp 50.0 samples/s, cnn 5.0 samples/s (software adapter — not a GPU; not compared with the CPU)'
    )
    expect(lines.join('\n')).not.toContain('×')
  })

  it('compares a hardware adapter with the best CPU backend, per net', () => {
    const check = {
      backend: 'webgpu' as const,
      reason: null,
      device: 'webgpu (apple metal-3 (Apple M2); GPU)',
      adapter: { ...swiftshader, vendor: 'apple', software: false },
      rates: { mlp: 3000, cnn: 450 }
    }
    expect(formatGpuCheck(check, cpu)[1]).toBe(
      '  mlp 3000.0 samples/s, cnn 450.0 samples/s (mlp ×3.00, cnn ×4.50 the CPU)'
    )
    const survey: GpuSurvey = { gpus: [check], cpu, steps: 20 }
    expect(formatSurvey(survey)).toMatch(/'auto' trains on: webgpu$/)
  })
})

describe('npm run gpu-check', () => {
  it('says why each GPU backend does not load on a machine without a Vulkan driver', async () => {
    const out = await gpuCheck(['--no-bench'], {
      VK_ICD_FILENAMES: '/nonexistent/icd.json'
    })
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(
      /^node-gpu: not available — @tensorflow\/tfjs-node-gpu is not installed|^node-gpu: not available — .*CUDA/m
    )
    expect(out.stdout).toMatch(
      /^webgpu: not available — no WebGPU adapter: Dawn found no Vulkan, Metal or D3D12 driver/m
    )
    expect(out.stdout).toMatch(/^best CPU backend: (node|wasm) /m)
    expect(out.stdout).toMatch(/'auto' trains on: (node|wasm)$/m)
  }, 150_000)

  it('rejects a step count out of range, naming the option', async () => {
    const out = await gpuCheck(['--steps', '2'], {})
    expect(out.code).toBe(2)
    expect(out.stderr).toContain('--steps must be a whole number from 3 to 10000; got "2".')
  }, 150_000)
})
