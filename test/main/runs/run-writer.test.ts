import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { presetConfig } from '../../../main/config/presets'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { RunEnd, TrainEvent, TrainRequest } from '../../../main/contract/trainer-protocol'
import { createRunControl } from '../../../main/engine/host/run-control'
import { runTraining } from '../../../main/engine/trainer/run-training'
import { parse, parseLines, stringify } from '../../../main/contract/json-lines'
import type { EpochRecord, ProbeRecord, StepRecord } from '../../../main/contract/runs/records'
import { RUN_FILES } from '../../../main/contract/runs/run-files'
import { createRunWriter } from '../../../main/runs/run-writer'
import { diagnoseRunDir } from '../../../main/runs/store/run-store'
import type { RunSummary } from '../../../main/contract/runs/summary'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

let out: string
beforeEach(async () => {
  out = await tempDir('run-writer')
})
afterEach(removeTempDirs)

function tinyRequest(runId: string): TrainRequest {
  const base = presetConfig('relu-he') as RunConfig
  const config: RunConfig = {
    ...base,
    model: {
      ...base.model,
      layers: base.model.layers.slice(0, 2).map((l) => ({ ...l, units: 8 }) as typeof l)
    },
    training: { ...base.training, batchSize: 16, epochs: 2 },
    probe: { ...base.probe, statsEvery: 2, probeSize: 16 }
  }
  return { runId, config, data: { kind: 'synthetic', examplesPerClass: 5 }, backend: 'cpu' }
}

/** The end of a run that stopped before its first step. */
function tinyEnd(): RunEnd {
  return {
    status: 'stopped',
    reason: 'Stopped on request.',
    steps: 0,
    epochs: 0,
    samplesPerSecond: null,
    final: { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    divergedAt: null,
    divergedLayer: null
  }
}

const readJson = async <T>(dir: string, file: string) =>
  parse<T>(await readFile(join(dir, file), 'utf8'))
const readLines = async <T>(dir: string, file: string) =>
  parseLines<T>(await readFile(join(dir, file), 'utf8'))

/** Trains `request` with every event recorded by a run writer in `out` (not yet finished). */
async function trainRecorded(request: TrainRequest) {
  const writer = await createRunWriter(out, request)
  const events: TrainEvent[] = []
  const end = await runTraining(
    request,
    (e) => (events.push(e), writer.record(e)),
    createRunControl()
  )
  return { writer, events, end }
}

describe('createRunWriter', () => {
  it('writes every file of a real run, with the summary built from its events', async () => {
    const request = tinyRequest('real-run')
    const { writer, events, end } = await trainRecorded(request)
    const { kept, summary } = await writer.finish(end)
    expect(end.status).toBe('completed')
    expect(kept).toBe(true)
    const dir = join(out, 'real-run')
    expect((await readdir(dir)).sort()).toEqual(
      [
        RUN_FILES.config,
        RUN_FILES.summary,
        RUN_FILES.layers,
        RUN_FILES.steps,
        RUN_FILES.probes,
        RUN_FILES.epochs,
        RUN_FILES.evaluation,
        RUN_FILES.weightsIndex,
        RUN_FILES.weights
      ].sort()
    )
    expect(await readJson(dir, RUN_FILES.config)).toEqual(request.config)
    const steps = await readLines<StepRecord>(dir, RUN_FILES.steps)
    expect(steps.tornTail).toBe(false)
    expect(steps.records.map((r) => r.step)).toEqual([...Array(end.steps).keys()])
    const probes = await readLines<ProbeRecord>(dir, RUN_FILES.probes)
    expect(probes.records).toEqual(events.flatMap((e) => (e.type === 'probe' ? [e.record] : [])))
    const epochs = await readLines<EpochRecord>(dir, RUN_FILES.epochs)
    expect(epochs.records).toHaveLength(2)

    const onDisk = await readJson<RunSummary>(dir, RUN_FILES.summary)
    expect(onDisk).toEqual(summary)
    const backend = events.find((e) => e.type === 'backend')
    if (backend?.type !== 'backend') throw new Error('no backend event')
    expect(onDisk).toMatchObject({
      id: 'real-run',
      status: 'completed',
      steps: end.steps,
      epochs: 2,
      seed: 1
    })
    // The finished run is diagnosed from its own files (the same rules the reports use).
    expect(onDisk.findings).toEqual(await diagnoseRunDir(dir, onDisk))
    expect([onDisk.backend, onDisk.backendNotes]).toEqual([backend.backend, backend.notes])
    expect(onDisk.dataset?.classes).toHaveLength(10)
    expect(onDisk.final.valAcc).toBe(epochs.records[1]!.valAcc)
    expect(onDisk.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_2', 'output'])
    expect(onDisk.layers[0]!.atInit?.preVar).toBe(probes.records[0]!.layers[0]!.pre.variance)
    expect(onDisk.layers[2]!.final?.gradNorm).toBe(probes.records.at(-1)?.layers[2]!.gradNorm)
    // Dead means dead on the training split: the census's count, before training and at the end.
    const deadShare = (c: EpochRecord['census'], layer: number) =>
      c!.layers.find((l) => l.layer === layer)!.dead.length / 8
    for (const layer of [0, 1]) {
      const { atInit, final } = onDisk.layers[layer]!
      expect(atInit?.deadFraction).toBe(deadShare(probes.records[0]!.census, layer))
      expect(final?.deadFraction).toBe(deadShare(epochs.records[1]!.census, layer))
      expect(final?.silentOnProbeFraction).toBe(probes.records.at(-1)!.layers[layer]!.deadFraction)
    }
    expect(onDisk.layers[2]!.final?.silentOnProbeFraction).toBeUndefined()
  })

  it('stores the weights event as weights.bin (float32 LE) with an index into it', async () => {
    const { writer, events, end } = await trainRecorded(tinyRequest('weights'))
    await writer.finish(end)
    const sent = events.find((e) => e.type === 'weights')
    if (sent?.type !== 'weights') throw new Error('no weights event')
    const dir = join(out, 'weights')
    const index = await readJson<
      { name: string; shape: number[]; offset: number; length: number }[]
    >(dir, RUN_FILES.weightsIndex)
    const bin = await readFile(join(dir, RUN_FILES.weights))
    expect(index.map((t) => t.name)).toEqual(sent.tensors.map((t) => t.name))
    expect(bin.length).toBe(4 * sent.tensors.reduce((n, t) => n + t.values.length, 0))
    for (const [i, entry] of index.entries()) {
      const values = new Float32Array(
        bin.buffer.slice(
          bin.byteOffset + entry.offset * 4,
          bin.byteOffset + (entry.offset + entry.length) * 4
        )
      )
      expect(values).toEqual(sent.tensors[i]!.values)
      expect(entry.shape).toEqual(sent.tensors[i]!.shape)
    }
  })

  it('writes a running summary.json and its writer pid at the start, atomically (no temp file left)', async () => {
    const writer = await createRunWriter(out, tinyRequest('starting'))
    const files = await readdir(writer.dir)
    expect(files.sort()).toEqual([RUN_FILES.config, RUN_FILES.summary, RUN_FILES.writerPid].sort())
    const stamp = JSON.parse(await readFile(join(writer.dir, RUN_FILES.writerPid), 'utf8'))
    expect(stamp).toEqual({ pid: process.pid, start: expect.any(String), host: hostname() })
    const summary = await readJson<RunSummary>(writer.dir, RUN_FILES.summary)
    expect(summary).toMatchObject({
      format: 1,
      id: 'starting',
      status: 'running',
      endedAt: null,
      layers: []
    })
  })

  it('never lets a reader see a partly written layers.json while the run is being written', async () => {
    const writer = await createRunWriter(out, tinyRequest('layers-race'))
    const layer = {
      name: 'dense_1',
      kind: 'dense' as const,
      activation: 'relu' as const,
      initializer: 'he-normal',
      batchNorm: false,
      dropout: 0,
      fanIn: 784,
      units: 128,
      outputShape: [128]
    }
    // Several megabytes, so a plain write needs many chunks and many event-loop turns.
    const layers = Array.from({ length: 40_000 }, (_, i) => ({ ...layer, name: `dense_${i}` }))
    writer.record({ type: 'layers', layers })
    const path = join(writer.dir, RUN_FILES.layers)
    const whole = Buffer.byteLength(`${stringify(layers, 2)}\n`)
    const sizes: number[] = []
    let finished = false
    const finishing = writer.finish(tinyEnd()).then(() => (finished = true))
    while (!finished) {
      const info = await stat(path).catch(() => null)
      if (info) sizes.push(info.size)
    }
    await finishing
    expect(sizes.filter((n) => n !== whole)).toEqual([])
    expect(await readJson<unknown[]>(writer.dir, RUN_FILES.layers)).toHaveLength(layers.length)
  })

  it('removes the run folder of a run that failed before training started', async () => {
    const request = { ...tinyRequest('refused'), backend: 'node-gpu' as const }
    const writer = await createRunWriter(out, request)
    const end = await runTraining(request, (e) => writer.record(e), createRunControl())
    expect(end.status).toBe('failed')
    expect((await writer.finish(end)).kept).toBe(false)
    expect(await readdir(out)).toEqual([])
  })

  it('refuses an output path that is a file, before writing anything', async () => {
    const file = join(out, 'not-a-folder')
    await writeFile(file, 'x')
    await expect(createRunWriter(file, tinyRequest('a'))).rejects.toThrow(
      `Cannot write runs to ${file}: it is a file, not a folder`
    )
    expect(await readdir(out)).toEqual(['not-a-folder'])
  })

  it('refuses a folder below a file, creating nothing', async () => {
    await writeFile(join(out, 'file'), 'x')
    const below = join(out, 'file', 'runs')
    await expect(createRunWriter(below, tinyRequest('a'))).rejects.toThrow(
      `Cannot write runs to ${below}: part of the path is a file`
    )
    expect(await readdir(out)).toEqual(['file'])
  })

  it.runIf(process.platform === 'linux')(
    'refuses a folder in a read-only place, naming the cause',
    async () => {
      await expect(createRunWriter('/sys/trainscape-runs', tinyRequest('a'))).rejects.toThrow(
        'Cannot write runs to /sys/trainscape-runs: permission denied'
      )
      await expect(stat('/sys/trainscape-runs')).rejects.toThrow()
    }
  )

  it('creates a missing output folder', async () => {
    const nested = join(out, 'a', 'b')
    const writer = await createRunWriter(nested, tinyRequest('made'))
    expect(writer.dir).toBe(join(nested, 'made'))
    expect((await stat(writer.dir)).isDirectory()).toBe(true)
  })
})
