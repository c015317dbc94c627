/**
 * Follows a run that another process is writing (a PyTorch job through python/trainscape_probe,
 * or a second Trainscape) and streams its new records to the UI on the 'train:event' channel,
 * as if it were training here: the run files are append-only, so each check reads what was added
 * since the last one. A check runs shortly after fs.watch reports a change (debounced) and at
 * least every POLL_MS, since fs.watch says nothing on some network and synced folders. Only whole
 * lines are read (a line still being written waits for its newline). When summary.json no longer
 * says "running", or the writer's process is gone, an `end` event closes the stream.
 */
import { watch, type FSWatcher } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { RunEnd } from '../contract/trainer-protocol'
import { parse } from '../contract/json-lines'
import { RUN_FILES } from '../contract/runs/run-files'
import { writerAlive } from '../runs/run-reader'
import type { RunSummary } from '../contract/runs/summary'
import type { RunEvaluation } from '../contract/runs/evaluation'
import { messageOf } from '../contract/result'
import type { TrainEventBatch, UiTrainEvent } from '../contract/ipc/contract'

export const POLL_MS = 1000
const DEBOUNCE_MS = 100

const TAILED = [
  ['steps', 'step'],
  ['probes', 'probe'],
  ['epochs', 'epoch']
] as const

export interface RunFollower {
  readonly runId: string
  stop(): void
}

interface Tail {
  offset: number
  rest: string
}

/** Bytes of `path` from `tail.offset` to its end, split into whole lines (the rest kept). */
async function newLines(path: string, tail: Tail): Promise<string[]> {
  const file = await open(path, 'r').catch(() => null)
  if (!file) return []
  try {
    const { size } = await file.stat()
    if (size <= tail.offset) return []
    const buffer = Buffer.alloc(size - tail.offset)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, tail.offset)
    tail.offset += bytesRead
    const lines = (tail.rest + buffer.subarray(0, bytesRead).toString('utf8')).split('\n')
    tail.rest = lines.pop() ?? ''
    return lines.filter((l) => l.trim() !== '')
  } finally {
    await file.close()
  }
}

async function sizeOf(path: string): Promise<number> {
  const file = await open(path, 'r').catch(() => null)
  if (!file) return 0
  try {
    return (await file.stat()).size
  } finally {
    await file.close()
  }
}

/** The run's end from its final summary, or an interruption when its writer died. */
function endOf(summary: RunSummary | null, alive: boolean): RunEnd | null {
  if (summary && summary.status !== 'running' && summary.status !== 'interrupted')
    return { ...summary, status: summary.status }
  if (alive) return null
  return {
    status: 'failed',
    reason:
      'The process writing this run stopped without finishing (killed, crashed or power lost).',
    steps: summary?.steps ?? 0,
    epochs: summary?.epochs ?? 0,
    samplesPerSecond: null,
    final: summary?.final ?? { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    divergedAt: null,
    divergedLayer: null
  }
}

/** evaluation.json of the run in `dir`, or null when there is none (or it is damaged). */
async function readEvaluation(dir: string): Promise<RunEvaluation | null> {
  return readFile(join(dir, RUN_FILES.evaluation), 'utf8')
    .then((t) => parse<RunEvaluation>(t))
    .catch(() => null)
}

/**
 * Starts streaming the run in `dir` from the records written after this call (the UI reads the
 * earlier ones from the folder and drops overlaps). Stops by itself when the run ends.
 */
export async function followRun(
  dir: string,
  broadcast: (batch: TrainEventBatch) => void
): Promise<RunFollower> {
  const runId = basename(dir)
  const tails = new Map<string, Tail>()
  for (const [file] of TAILED) {
    tails.set(file, { offset: await sizeOf(join(dir, RUN_FILES[file])), rest: '' })
  }
  let watcher: FSWatcher | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let busy = false
  let stopped = false
  const stop = () => {
    stopped = true
    watcher?.close()
    clearInterval(poll)
    if (timer) clearTimeout(timer)
  }
  const check = async () => {
    if (busy || stopped) return
    busy = true
    try {
      // The end first: records written before the final summary are then all read below.
      const summary = await readFile(join(dir, RUN_FILES.summary), 'utf8')
        .then((t) => parse<RunSummary>(t))
        .catch(() => null)
      const end = endOf(summary, await writerAlive(dir, runId, {}))
      const events: UiTrainEvent[] = []
      for (const [file, type] of TAILED) {
        for (const line of await newLines(join(dir, RUN_FILES[file]), tails.get(file)!)) {
          try {
            events.push({ type, record: parse(line) } as UiTrainEvent)
          } catch {
            // A damaged line is skipped here as the reader skips it.
          }
        }
      }
      // A PyTorch script's Probe.evaluate() results, written just before the final summary.
      const evaluation = end ? await readEvaluation(dir) : null
      if (evaluation) events.push({ type: 'evaluation', evaluation })
      if (end) events.push({ type: 'end', end })
      if (events.length > 0) broadcast({ runId, events, droppedSteps: 0 })
      if (end) stop()
    } catch (thrown) {
      console.warn(`trainscape: following ${dir}: ${messageOf(thrown)}`)
    } finally {
      busy = false
    }
  }
  const soon = () => {
    if (timer || stopped) return
    timer = setTimeout(() => {
      timer = null
      void check()
    }, DEBOUNCE_MS)
  }
  const poll = setInterval(() => void check(), POLL_MS)
  poll.unref() // following a run never keeps the process alive by itself
  try {
    watcher = watch(dir, soon)
    watcher.on('error', () => watcher?.close())
  } catch {
    watcher = null // polling alone
  }
  return { runId, stop }
}
