/**
 * Writes one run to `<outDir>/<runId>/` (layout: run-files.ts) as its events arrive: records as
 * JSON lines on handles kept open (one `write` per record), layers.json and the weights when
 * they come, and summary.json atomically (temp file + rename) at the start and at the end.
 * The folder is checked before anything is written; a failed check leaves nothing behind.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { NamedTensor, RunEnd, TrainEvent, TrainRequest } from '../contract/trainer-protocol'
import type { EpochRecord, LayerInfo, ProbeRecord } from '../contract/runs/records'
import { summaryProbes } from '../contract/runs/dead-census'
import { RUN_FILES } from '../contract/runs/run-files'
import { stringify, toLine } from '../contract/json-lines'
import { layerSummaries, startingSummary, type RunSummary } from '../contract/runs/summary'
import { messageOf } from '../contract/result'
import { writeFileAtomic } from '../files/atomic-write'
import { diagnoseRunDir } from './store/run-store'
import { ownWriterStamp, startHeartbeat } from './writer-process'
import { formatWriterStamp } from './writer-stamp'

export interface RunWriter {
  /** `<outDir>/<runId>`. */
  readonly dir: string
  /** Takes one event in order. Does not block: writes are queued and finish() awaits them. */
  record(event: TrainEvent): void
  /**
   * Flushes and closes every file, writes the weights and the final summary.json. A run that
   * failed before the trainer started (no `layers` event) recorded nothing, so its folder is
   * removed instead and `kept` is false. Throws if any write failed.
   */
  finish(end: RunEnd): Promise<{ kept: boolean; summary: RunSummary }>
}

type Lines = 'steps' | 'probes' | 'epochs'

/**
 * Checks `outDir` (created if missing) is a writable folder, then creates the run folder with
 * config.json and a `running` summary.json. Throws an Error naming the folder and the cause.
 */
export async function createRunWriter(outDir: string, request: TrainRequest): Promise<RunWriter> {
  await checkWritableFolder(outDir)
  const dir = join(outDir, request.runId)
  const summary = startingSummary(
    request.runId,
    request.config,
    request.backend,
    new Date().toISOString()
  )
  if (request.forkOf) summary.forkOf = request.forkOf
  try {
    await mkdir(dir)
    // While this file exists and names a live process, readers know the run is still being
    // written; it is also the run's marker until summary.json exists, so it comes first (and
    // whole): a trainer killed right after writing config.json left a folder that listed as a
    // damaged run and could not be deleted (checkRunMarker found neither marker).
    await writeFileAtomic(join(dir, RUN_FILES.writerPid), formatWriterStamp(await ownWriterStamp()))
    await writeFileAtomic(join(dir, RUN_FILES.config), `${stringify(request.config, 2)}\n`)
    await writeFileAtomic(join(dir, RUN_FILES.summary), `${stringify(summary, 2)}\n`)
  } catch (thrown) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`Cannot create the run folder ${dir}: ${messageOf(thrown)}`, { cause: thrown })
  }
  return new RunFolderWriter(dir, summary, startHeartbeat(join(dir, RUN_FILES.writerPid)))
}

/** The writer of one run folder; state is what summary.json needs at the end. */
class RunFolderWriter implements RunWriter {
  private readonly streams = new Map<Lines, WriteStream>()
  private readonly failures: string[] = []
  private readonly pending: Promise<void>[] = []
  private infos: LayerInfo[] | null = null
  /** The first and the latest probe (the summary's atInit and final). */
  private probes: ProbeRecord[] = []
  /** Every epoch's step and census (the final snapshot's dead units come from the last). */
  private epochCensuses: Pick<EpochRecord, 'step' | 'census'>[] = []
  private weights: NamedTensor[] | null = null

  constructor(
    readonly dir: string,
    private readonly summary: RunSummary,
    private readonly stopHeartbeat: () => void
  ) {}

  record(event: TrainEvent): void {
    switch (event.type) {
      case 'backend':
        this.summary.backend = event.backend
        this.summary.backendNotes = event.notes
        if (event.adapter) this.summary.adapter = event.adapter
        return
      case 'dataset':
        this.summary.dataset = event.dataset
        return
      case 'layers':
        this.infos = event.layers
        return this.later(RUN_FILES.layers, `${stringify(event.layers, 2)}\n`)
      case 'step':
        return this.append('steps', event.record)
      case 'probe':
        this.probes = [this.probes[0] ?? event.record, event.record]
        return this.append('probes', event.record)
      case 'epoch':
        if (event.record.census)
          this.epochCensuses.push({ step: event.record.step, census: event.record.census })
        return this.append('epochs', event.record)
      case 'evaluation':
        return this.later(RUN_FILES.evaluation, `${stringify(event.evaluation)}\n`)
      case 'weights':
        this.weights = event.tensors
        return
      case 'phase':
      case 'loading':
      case 'state':
      case 'end':
        return
      default: {
        const unknown: never = event
        throw new Error(`Unhandled event ${JSON.stringify(unknown)}`)
      }
    }
  }

  async finish(end: RunEnd): Promise<{ kept: boolean; summary: RunSummary }> {
    try {
      return await this.finishFiles(end)
    } finally {
      this.stopHeartbeat()
    }
  }

  private async finishFiles(end: RunEnd): Promise<{ kept: boolean; summary: RunSummary }> {
    await Promise.all([...this.streams.values()].map(closeStream))
    await Promise.all(this.pending)
    const summary = finalSummary(this.summary, end, this.infos, this.probes, this.epochCensuses)
    if (this.infos === null && end.status === 'failed') {
      await rm(this.dir, { recursive: true, force: true })
      return { kept: false, summary }
    }
    if (this.weights) await writeWeights(this.dir, this.weights)
    if (this.failures.length > 0)
      throw new Error(`Could not write the run in ${this.dir}: ${this.failures.join('; ')}`)
    summary.findings = await findingsOf(this.dir, summary)
    await writeFileAtomic(join(this.dir, RUN_FILES.summary), `${stringify(summary, 2)}\n`)
    await rm(join(this.dir, RUN_FILES.writerPid), { force: true })
    return { kept: true, summary }
  }

  /** One record, one `write`, on a handle opened at the first record and kept open. */
  private append(file: Lines, record: unknown): void {
    let stream = this.streams.get(file)
    if (!stream) {
      stream = createWriteStream(join(this.dir, RUN_FILES[file]), { flags: 'a' })
      stream.on('error', (error) => this.failures.push(`${RUN_FILES[file]}: ${error.message}`))
      this.streams.set(file, stream)
    }
    stream.write(toLine(record))
  }

  /** A whole-file write that finish() waits for; atomic, as readers may open the live run. */
  private later(file: string, text: string): void {
    const work = writeFileAtomic(join(this.dir, file), text)
    this.pending.push(
      work.catch((error: unknown) => void this.failures.push(`${file}: ${messageOf(error)}`))
    )
  }
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve))
}

function finalSummary(
  start: RunSummary,
  end: RunEnd,
  infos: LayerInfo[] | null,
  probes: readonly ProbeRecord[],
  epochs: readonly Pick<EpochRecord, 'step' | 'census'>[]
): RunSummary {
  const [first, last] = summaryProbes(probes, epochs)
  return {
    ...start,
    status: end.status,
    reason: end.reason,
    steps: end.steps,
    epochs: end.epochs,
    samplesPerSecond: end.samplesPerSecond,
    endedAt: new Date().toISOString(),
    final: end.final,
    divergedAt: end.divergedAt,
    divergedLayer: end.divergedLayer,
    layers: infos ? layerSummaries(infos, first, last) : start.layers
  }
}

/**
 * weights.bin: every tensor's float32 values back to back, little-endian. weights.json: the
 * index; `offset` and `length` count float32 values (not bytes) from the start of weights.bin.
 */
async function writeWeights(dir: string, tensors: NamedTensor[]): Promise<void> {
  const total = tensors.reduce((n, t) => n + t.values.length, 0)
  const bytes = Buffer.alloc(total * 4)
  const index: { name: string; shape: number[]; offset: number; length: number }[] = []
  let offset = 0
  for (const tensor of tensors) {
    tensor.values.forEach((v, i) => bytes.writeFloatLE(v, (offset + i) * 4))
    index.push({ name: tensor.name, shape: tensor.shape, offset, length: tensor.values.length })
    offset += tensor.values.length
  }
  // The index is written last: a reader that finds it finds every byte it points to.
  await writeFileAtomic(join(dir, RUN_FILES.weights), bytes)
  await writeFileAtomic(join(dir, RUN_FILES.weightsIndex), `${JSON.stringify(index, null, 2)}\n`)
}

/**
 * Makes sure `folder` is a folder this process can create files in: creates it if missing, then
 * writes and removes a probe file. Throws an Error naming the folder, `what` was to be written
 * there, and the cause; removes any folder it created on the way when the check fails.
 */
export async function checkWritableFolder(folder: string, what = 'runs'): Promise<void> {
  const absolute = resolve(folder)
  let created: string | undefined
  try {
    created = await mkdir(absolute, { recursive: true })
    const probe = join(absolute, `.trainscape-write-check-${process.pid}-${Date.now()}`)
    await writeFile(probe, '')
    await rm(probe, { force: true })
  } catch (thrown) {
    if (created) await rm(created, { recursive: true, force: true })
    throw new Error(`Cannot write ${what} to ${absolute}: ${await causeOf(absolute, thrown)}`, {
      cause: thrown
    })
  }
}

async function causeOf(folder: string, thrown: unknown): Promise<string> {
  const code = (thrown as { code?: unknown }).code
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const isFile = await stat(folder).then(
      (s) => !s.isDirectory(),
      () => false
    )
    return isFile
      ? 'it is a file, not a folder. Choose a folder path.'
      : 'part of the path is a file, not a folder.'
  }
  if (code === 'EACCES' || code === 'EPERM')
    return 'permission denied. Choose a folder you can write to.'
  if (code === 'EROFS') return 'the file system is read-only. Choose another folder.'
  if (code === 'ENOSPC') return 'the disk is full.'
  return messageOf(thrown)
}

/** The diagnosis of the finished run, read back from its files. A diagnosis that fails must not
 *  cost the run its summary, so it is logged and the run keeps no findings. */
async function findingsOf(dir: string, summary: RunSummary): Promise<RunSummary['findings']> {
  try {
    return await diagnoseRunDir(dir, summary)
  } catch (thrown) {
    console.warn(`trainscape: could not diagnose the run in ${dir}: ${messageOf(thrown)}`)
    return []
  }
}
