/**
 * Unshared arrays for JavaScript loops over wasm-heap data. On the threaded build the heap is a
 * growable SharedArrayBuffer, on which V8's typed-array loads and stores run several times
 * slower than on an ordinary ArrayBuffer (the cnn-batchnorm preset's 14×14×32 im2col fill took
 * 3.8 ms there and 1.1 ms unshared), so a loop over many heap floats works on an unshared array
 * and the data moves with one bulk copy. The arrays are reused: each named slot grows to the
 * largest length asked for and keeps it (fresh arrays of these sizes cost more than the loops).
 */
const slots = new Map<string, Float32Array>()

/** An unshared array of `length` floats for `slot`, reused; its values are left over. */
export function unsharedFloats(slot: string, length: number): Float32Array {
  let array = slots.get(slot)
  if (array === undefined || array.length < length) {
    array = new Float32Array(length)
    slots.set(slot, array)
  }
  return array.subarray(0, length)
}

/** Whether `view` lies on shared memory (the threaded build's heap). */
export function onSharedMemory(view: Float32Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer
}
