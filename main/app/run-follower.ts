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
import { basename, join } from 'node:path'
import type { RunEnd } from '../contract/trainer-protocol'
import { parse } from '../contract/json-lines'
import { RUN_FILES } from '../contract/runs/run-files'
import { readEvaluation, writerAlive } from '../runs/run-reader'
import { openRunFile, readRunFileText } from '../runs/run-file'
import type { RunSummary } from '../contract/runs/summary'
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
  /** Why the file cannot be followed (a pipe, a link), once said; it is then skipped. */
  refused: string | null
}

/** The most bytes one check reads from one file; more waits for the next check. */
export const MAX_READ_BYTES = 16 * 2 ** 20
/** A line longer than this is no record either engine writes; it is skipped, not buffered. */
export const MAX_LINE_BYTES = MAX_READ_BYTES

/**
 * Up to MAX_READ_BYTES of `path` from `tail.offset`, split into whole lines (the rest kept in
 * `tail`, which this advances). A file that grew by gigabytes between checks is read a slice at a
 * time: one Buffer of the whole growth would exceed what Node can allocate or read at once.
 * `more` says whether bytes remain after this slice. Refuses links, pipes and devices.
 */
async function newLines(path: string, tail: Tail): Promise<{ lines: string[]; more: boolean }> {
  if (tail.refused !== null) return { lines: [], more: false }
  const file = await openRunFile(path).catch((thrown: unknown) => {
    tail.refused = messageOf(thrown)
    console.warn(`trainscape: not following a file: ${tail.refused}`)
    return null
  })
  if (!file) return { lines: [], more: false }
  try {
    const { size } = await file.stat()
    if (size <= tail.offset) return { lines: [], more: false }
    const buffer = Buffer.alloc(Math.min(size - tail.offset, MAX_READ_BYTES))
    const { bytesRead } = await file.read(buffer, 0, buffer.length, tail.offset)
    tail.offset += bytesRead
    const lines = (tail.rest + buffer.subarray(0, bytesRead).toString('utf8')).split('\n')
    tail.rest = lines.pop() ?? ''
    if (tail.rest.length > MAX_LINE_BYTES) tail.rest = '' // and its end is skipped as a bad line
    return { lines: lines.filter((l) => l.trim() !== ''), more: tail.offset < size }
  } finally {
    await file.close()
  }
}

async function sizeOf(path: string): Promise<number> {
  const file = await openRunFile(path).catch(() => null)
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
    tails.set(file, { offset: await sizeOf(join(dir, RUN_FILES[file])), rest: '', refused: null })
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
      const summary = await readRunFileText(join(dir, RUN_FILES.summary))
        .then((t) => (t === null ? null : parse<RunSummary>(t)))
        .catch(() => null)
      const end = endOf(summary, await writerAlive(dir, runId, {}))
      const events: UiTrainEvent[] = []
      let more = false
      for (const [file, type] of TAILED) {
        const read = await newLines(join(dir, RUN_FILES[file]), tails.get(file)!)
        more ||= read.more
        for (const line of read.lines) {
          try {
            events.push({ type, record: parse(line) } as UiTrainEvent)
          } catch {
            // A damaged line is skipped here as the reader skips it.
          }
        }
      }
      // A PyTorch script's Probe.evaluate() results, written just before the final summary.
      // The end waits until every record written before it has been read.
      const ending = end && !more ? end : null
      const evaluation = ending ? (await readEvaluation(dir)).value : null
      if (evaluation) events.push({ type: 'evaluation', evaluation })
      if (ending) events.push({ type: 'end', end: ending })
      if (events.length > 0) broadcast({ runId, events, droppedSteps: 0 })
      if (end && !more) stop()
      else if (more) soon()
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
