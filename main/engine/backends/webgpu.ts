/**
 * Brings up tfjs's WebGPU backend in Node (the CLI's worker thread and Electron's utilityProcess)
 * through `webgpu`, Dawn's Node binding. Both packages are optional and imported at run time.
 * tfjs-backend-webgpu expects a browser: `navigator.gpu` and the GPU* constants on globalThis;
 * this module provides them, picks the adapter itself (so it can refuse a software one before
 * any device exists), registers the 'webgpu' backend on that adapter's device, and watches the
 * device for loss (a driver reset), which the trainer turns into a failed run
 * (assertDeviceAlive). tfjs's webgpu kernels need no fixes for what we train and measure with
 * (test/main/engine/backends/webgpu-training.test.ts and trainer/webgpu-run.test.ts check them
 * against cpu); its synchronous readback does not work in Node (it draws through an
 * OffscreenCanvas), so that one fails with a message saying what to use instead.
 */
import * as tf from '@tensorflow/tfjs'
import { adapterName, type GpuAdapter } from '../../contract/runs/summary'

/** The parts of Dawn's GPUAdapterInfo we report. */
interface AdapterInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  isFallbackAdapter?: boolean
}

/** The parts of WebGPU's objects this module touches (the packages ship no types we import). */
interface Device {
  lost: Promise<{ reason: string; message: string }>
  destroy(): void
}
interface Adapter {
  info: AdapterInfo
  limits: Record<string, number>
  features: ReadonlySet<string>
  requestDevice(descriptor: object): Promise<Device>
}
interface Gpu {
  requestAdapter(options: object): Promise<Adapter | null>
}
interface DawnModule {
  create(options: string[]): Gpu
  globals: Record<string, unknown>
}
type BackendClass = new (device: Device, info: AdapterInfo) => tf.KernelBackend

/** The device tfjs trains on, with what is known about it. */
interface Opened {
  device: Device
  adapter: GpuAdapter
  /** Why the device was lost, once it was; null while it works. */
  lost: string | null
}

let opened: Opened | null = null

/** Words in an adapter's name that mean it renders on the CPU. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i

/** Our record of an adapter: its names, and whether it is a software rasterizer. Pure. */
export function describeAdapter(info: AdapterInfo): GpuAdapter {
  const names = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description || info.device,
    software: info.isFallbackAdapter === true || SOFTWARE.test(names)
  }
}

/** Limits tfjs-backend-webgpu asks for (its own factory asks for the same). */
const LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup'
]

/** Result of trying to open WebGPU: the adapter, or why not (a phrase for a person). */
export type WebgpuOutcome = { ok: true; adapter: GpuAdapter } | { ok: false; reason: string }

/**
 * Imports Dawn and tfjs-backend-webgpu, finds the adapter and registers the 'webgpu' tfjs
 * backend on its device (does not activate it). A software adapter is refused unless
 * `allowSoftware`. Mutates globalThis (navigator.gpu, GPU* constants) and the tfjs registry.
 * `importPackage` imports a package or returns why it could not.
 */
export async function openWebgpu(
  allowSoftware: boolean,
  importPackage: ImportPackage
): Promise<WebgpuOutcome> {
  if (opened?.lost != null) forget()
  if (opened != null)
    return accept(opened.adapter, allowSoftware) ?? { ok: true, adapter: opened.adapter }
  const found = await findAdapter(importPackage)
  if ('reason' in found) return { ok: false, reason: found.reason }
  const refused = accept(describeAdapter(found.adapter.info), allowSoftware)
  if (refused != null) return refused
  const tfWebgpu = await importPackage('@tensorflow/tfjs-backend-webgpu')
  if ('reason' in tfWebgpu) return { ok: false, reason: tfWebgpu.reason }
  const state = await openDevice(found.adapter, tfWebgpu.module as { WebGPUBackend: BackendClass })
  return { ok: true, adapter: state.adapter }
}

/** Imports a package, or says why it could not. */
type ImportPackage = (name: string) => Promise<{ module: unknown } | { reason: string }>

/** The refusal of a software adapter when software is not allowed, else null. Pure. */
function accept(adapter: GpuAdapter, allowSoftware: boolean): WebgpuOutcome | null {
  if (!adapter.software || allowSoftware) return null
  return {
    ok: false,
    reason: `only a software adapter (${adapterName(adapter)}): it runs on the CPU, not a GPU; force --backend webgpu to use it anyway`
  }
}

let gpu: Gpu | null = null

/** Imports Dawn once, gives tfjs its browser globals, and asks for the high-performance adapter. */
async function findAdapter(
  importPackage: ImportPackage
): Promise<{ adapter: Adapter } | { reason: string }> {
  if (gpu == null) {
    const dawn = await importPackage('webgpu')
    if ('reason' in dawn) return { reason: dawn.reason }
    const { create, globals } = dawn.module as DawnModule
    for (const [key, value] of Object.entries(globals)) {
      if (!(key in globalThis))
        Object.defineProperty(globalThis, key, { value, configurable: true })
    }
    gpu = create([])
    // tfjs-backend-webgpu reads navigator.gpu; Node 20 has no navigator, Node 21+ has one without gpu.
    const host = globalThis as { navigator?: object }
    if (host.navigator == null)
      Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true })
    Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true })
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (adapter != null) return { adapter }
  return {
    reason:
      "no WebGPU adapter: Dawn found no Vulkan, Metal or D3D12 driver (on Linux, install your GPU vendor's Vulkan driver, e.g. mesa-vulkan-drivers, and libvulkan1)"
  }
}

/** Opens `adapter`'s device and registers tfjs's 'webgpu' backend on it. */
async function openDevice(
  adapter: Adapter,
  { WebGPUBackend }: { WebGPUBackend: BackendClass }
): Promise<Opened> {
  const requiredLimits = Object.fromEntries(LIMITS.map((name) => [name, adapter.limits[name]]))
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f))
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures })
  const info = adapter.info
  const state: Opened = { device, adapter: describeAdapter(info), lost: null }
  opened = state
  void device.lost.then(({ reason, message }) => {
    state.lost = `the GPU device was lost (${reason}: ${message.trim() || 'no message'})`
  })
  // Replace the package's own factory (it picks its own adapter) with one on our device.
  if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu')
  tf.registerBackend('webgpu', () => withClearReadSync(new WebGPUBackend(device, info)))
  return state
}

/**
 * `backend` with a readSync (dataSync, arraySync) that, where tfjs's needs the OffscreenCanvas
 * Node lacks, throws an Error naming the asynchronous way instead of "OffscreenCanvas is not
 * defined". Mutates and returns `backend`.
 */
function withClearReadSync(backend: tf.KernelBackend): tf.KernelBackend {
  const readSync = backend.readSync.bind(backend)
  backend.readSync = (dataId: object) => {
    try {
      return readSync(dataId)
    } catch (error) {
      if (typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined')
        throw error
      throw new Error(
        'Synchronous readback (dataSync, arraySync) is not available on WebGPU in Node: use await tensor.data() or tensor.array().',
        { cause: error }
      )
    }
  }
  return backend
}

/** Drops a lost device so the next openWebgpu starts afresh. */
function forget(): void {
  opened = null
  if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu')
}

/** The adapter tfjs's 'webgpu' backend runs on, or null before openWebgpu succeeded. */
export function activeAdapter(): GpuAdapter | null {
  return opened?.adapter ?? null
}

/**
 * Throws an Error naming the cause when the active backend is 'webgpu' and its device was
 * lost (driver reset, GPU removed). The trainer calls it after every step, so the run fails
 * with the reason instead of training on a dead device. Waits one event-loop turn first so
 * a loss that just happened is seen.
 */
export async function assertDeviceAlive(): Promise<void> {
  if (opened == null || tf.getBackend() !== 'webgpu') return
  await new Promise((resolve) => setImmediate(resolve))
  if (opened.lost != null) {
    throw new Error(
      `${capitalize(opened.lost)}. Training stopped; the steps recorded so far are kept. Restart the run (choose another backend if it happens again).`
    )
  }
}

/** The message for a failure on WebGPU: the device loss if that was the cause, else null. */
export async function deviceLossMessage(): Promise<string | null> {
  try {
    await assertDeviceAlive()
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/** For tests and tools: the live device tfjs trains on, or null. */
export function activeDevice(): Device | null {
  return opened?.device ?? null
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
