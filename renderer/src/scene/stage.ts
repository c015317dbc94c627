/**
 * A three.js stage for one canvas: renderer, scene, perspective camera, orbit controls (drag to
 * orbit, wheel to zoom, right-drag to pan) and render-on-demand — a frame is drawn only when the
 * camera moves, the data changes or the canvas resizes, so an idle 3D view costs nothing.
 */
import * as THREE from 'three'
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'

export interface Stage {
  readonly scene: THREE.Scene
  readonly camera: THREE.PerspectiveCamera
  readonly renderer: THREE.WebGLRenderer
  readonly controls: OrbitControls
  /** Draws on the next animation frame (coalesced). */
  requestRender(): void
  /** Draws now, synchronously (benchmarks, pixel read-back). */
  renderNow(): void
  /** Frames drawn since creation. */
  readonly frames: number
  dispose(): void
}

export interface StageOptions {
  background: string
  /** Initial camera position, looking at the origin. */
  eye: [number, number, number]
  /** Called after every frame drawn (e.g. to move HTML labels to their projected anchors). */
  afterRender?: () => void
}

export function createStage(canvas: HTMLCanvasElement, options: StageOptions): Stage {
  // preserveDrawingBuffer keeps the last frame readable (tests read pixels; screenshots).
  // Multisampling halves the frame rate of software WebGL, so it is used on GPUs only.
  const renderer = new THREE.WebGLRenderer({
    canvas,
    antialias: !softwareWebgl(),
    preserveDrawingBuffer: true
  })
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1))
  const scene = new THREE.Scene()
  scene.background = new THREE.Color(options.background)
  const sun = new THREE.DirectionalLight(0xffffff, 2.2)
  sun.position.set(-3, 8, 5)
  scene.add(new THREE.AmbientLight(0xffffff, 1.1), sun)
  const camera = new THREE.PerspectiveCamera(45, 1, 0.05, 200)
  camera.position.set(...options.eye)
  const controls = new OrbitControls(camera, canvas)
  controls.enableDamping = false
  controls.minDistance = 1
  controls.maxDistance = 60
  let pending = 0
  let frames = 0
  const renderNow = () => {
    pending = 0
    renderer.render(scene, camera)
    options.afterRender?.()
    frames++
  }
  const requestRender = () => {
    if (!pending) pending = requestAnimationFrame(renderNow)
  }
  const resize = () => {
    const w = Math.max(1, canvas.clientWidth)
    const h = Math.max(1, canvas.clientHeight)
    renderer.setSize(w, h, false)
    camera.aspect = w / h
    camera.updateProjectionMatrix()
    requestRender()
  }
  const observer = new ResizeObserver(resize)
  observer.observe(canvas)
  controls.addEventListener('change', requestRender)
  resize()
  return {
    scene,
    camera,
    renderer,
    controls,
    requestRender,
    renderNow,
    get frames() {
      return frames
    },
    dispose() {
      if (pending) cancelAnimationFrame(pending)
      observer.disconnect()
      controls.dispose()
      renderer.dispose()
    }
  }
}

let software: boolean | null = null

/** True when WebGL is rasterized on the CPU (SwiftShader, llvmpipe); probed once per page. */
export function softwareWebgl(): boolean {
  if (software !== null) return software
  const gl = document.createElement('canvas').getContext('webgl')
  const info = gl?.getExtension('WEBGL_debug_renderer_info')
  const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : ''
  gl?.getExtension('WEBGL_lose_context')?.loseContext()
  software = /swiftshader|llvmpipe|software/i.test(name)
  return software
}

/** The object's vertex nearest to the ray under a client-space point, or null on a miss. */
export function pickVertex(
  stage: Stage,
  object: THREE.Mesh,
  clientX: number,
  clientY: number
): number | null {
  const rect = stage.renderer.domElement.getBoundingClientRect()
  const ndc = new THREE.Vector2(
    ((clientX - rect.left) / rect.width) * 2 - 1,
    -((clientY - rect.top) / rect.height) * 2 + 1
  )
  const ray = new THREE.Raycaster()
  ray.setFromCamera(ndc, stage.camera)
  const hit = ray.intersectObject(object, false)[0]
  if (!hit?.face) return null
  const pos = object.geometry.getAttribute('position')
  const local = object.worldToLocal(hit.point.clone())
  let best = hit.face.a
  let bestD = Number.POSITIVE_INFINITY
  for (const v of [hit.face.a, hit.face.b, hit.face.c]) {
    const d = local.distanceToSquared(new THREE.Vector3().fromBufferAttribute(pos, v))
    if (d < bestD) [best, bestD] = [v, d]
  }
  return best
}
