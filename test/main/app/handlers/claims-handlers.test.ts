/**
 * The claims check through the real handlers and the real worker thread on the bundled sample:
 * bad requests are refused with what to change, a check runs off the main thread to a table
 * with measured numbers, and a check and a training run never run together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIMS } from '../../../../main/claims/check-claims'
import { CLAIM_PRESETS } from '../../../../main/app/claims-check/claims-check'
import type { ClaimsJob, ClaimsStatus } from '../../../../main/contract/ipc/claims'
import type { TrainingStatus } from '../../../../main/contract/ipc/contract'
import { appFixture, errorOf, tinyDenseConfig, valueOf, type AppFixture } from '../app-fixture'

let app: AppFixture
beforeAll(async () => {
  app = await appFixture()
})
afterAll(() => app.cleanup())

const status = async () => valueOf<ClaimsStatus>(await app.call('claims:status'))

/** Polls claims:status until the check has ended (or `until` holds); returns the job. */
async function waitFor(until: (job: ClaimsJob) => boolean, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { job } = await status()
    if (job && until(job)) return job
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(job)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('claims handlers', () => {
  it('lists the same presets as the claims command, before any check', async () => {
    const { presets, job } = await status()
    expect(job).toBeNull()
    expect(presets.map((p) => p.preset)).toEqual(CLAIMS.map((c) => c.preset))
    expect(CLAIM_PRESETS.map((p) => p.statement)).toEqual(CLAIMS.map((c) => c.statement))
  })

  it('refuses bad requests with what is wrong, and starts nothing', async () => {
    const sample = { kind: 'sample' }
    const start = (request: unknown) => app.call('claims:start', request)
    expect(errorOf(await start({ source: sample, seeds: 'abc' }))).toMatch(/seeds: .*array/i)
    expect(errorOf(await start({ source: sample, seeds: [] }))).toMatch(/needs at least one seed/)
    expect(errorOf(await start({ source: sample, seeds: [1, 1] }))).toMatch(/names a seed twice/)
    expect(errorOf(await start({ source: sample, seeds: [1.5] }))).toMatch(/whole number/)
    expect(
      errorOf(await start({ source: sample, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }))
    ).toMatch(/at most 10 seeds/)
    expect(errorOf(await start({ source: sample, preset: 'nope' }))).toMatch(
      /"nope" is not a preset\. Presets with claims: sigmoid-deep, /
    )
    expect(errorOf(await start({ source: sample, preset: 'augment' }))).toMatch(
      /"augment" makes no claim the check can test/
    )
    expect(errorOf(await start({ source: { kind: 'folder', path: '/etc' } }))).toMatch(/\/etc/)
    expect(errorOf(await start({ source: sample, extra: 1 }))).toMatch(/extra/)
    expect(errorOf(await app.call('claims:cancel', { jobId: 99 }))).toMatch(/not running/)
    expect((await status()).job).toBeNull()
  })

  it('checks one preset on one seed in a worker, refusing a second check and training meanwhile', async () => {
    const started = valueOf<ClaimsJob>(
      await app.call('claims:start', { source: { kind: 'sample' }, seeds: [1], preset: 'relu-he' })
    )
    expect(started).toMatchObject({ phase: 'running', seeds: [1], preset: 'relu-he' })
    expect(started.data).toBe('the bundled sample')
    const again = await app.call('claims:start', { source: { kind: 'sample' } })
    expect(errorOf(again)).toMatch(/A claims check is already running.*cancel it/)
    const train = await app.call('train:start', {
      config: tinyDenseConfig('during claims', 4),
      data: { kind: 'synthetic', examplesPerClass: 8 },
      backend: 'cpu'
    })
    expect(errorOf(train)).toMatch(/A claims check is running.*Cancel it in the Model view/)
    expect(valueOf<TrainingStatus | null>(await app.call('train:status'))).toBeNull()

    const seen = await waitFor((j) => j.step !== null || j.phase !== 'running')
    if (seen.phase === 'running')
      expect(seen.step).toMatchObject({ claim: 1, claims: 1, preset: 'relu-he', seed: 1 })
    const job = await waitFor((j) => j.phase !== 'running')
    expect(job.error).toBeNull()
    expect(job.phase).toBe('done')
    const [claim, ...checks] = job.rows
    expect(claim).toMatchObject({ kind: 'claim', preset: 'relu-he', seeds: 1 })
    expect(checks.length).toBeGreaterThan(0)
    expect(checks.every((r) => r.kind === 'check' && r.seeds === 1)).toBe(true)
    // The measured ratio of Var(pre), last / first hidden layer, is a real number near 1 (He).
    const ratio = Number(checks[0]!.measured)
    expect(ratio).toBeGreaterThan(0.3)
    expect(ratio).toBeLessThan(3)
    expect(job.markdown).toContain('| `relu-he` |')
    expect(job.markdown).toContain(`| ${checks[0]!.measured} | ${checks[0]!.needs} |`)
  }, 180_000)

  it('refuses a check while a run trains', async () => {
    valueOf(
      await app.call('train:start', {
        config: tinyDenseConfig('before claims', 200),
        data: { kind: 'synthetic', examplesPerClass: 40 },
        backend: 'cpu'
      })
    )
    const refused = await app.call('claims:start', { source: { kind: 'sample' } })
    expect(errorOf(refused)).toMatch(/A run is training \(.*before-claims.*\).*stop it/)
    const { runId } = valueOf<TrainingStatus>(await app.call('train:status'))
    valueOf(await app.call('train:stop', { runId }))
    await app.ctx.training.idle()
  })

  it('cancels a running check at once, and then starts another', async () => {
    const started = valueOf<ClaimsJob>(
      await app.call('claims:start', { source: { kind: 'sample' }, seeds: [2, 3] })
    )
    await waitFor((j) => j.step !== null)
    const cancelled = valueOf<ClaimsJob>(await app.call('claims:cancel', { jobId: started.jobId }))
    expect(cancelled.phase).toBe('cancelled')
    await app.ctx.claims.idle()
    expect((await status()).job?.phase).toBe('cancelled')
    const next = valueOf<ClaimsJob>(
      await app.call('claims:start', {
        source: { kind: 'sample' },
        seeds: [1],
        preset: 'zeros-init'
      })
    )
    expect(next.jobId).toBeGreaterThan(started.jobId)
    valueOf(await app.call('claims:cancel', { jobId: next.jobId }))
  })
})
