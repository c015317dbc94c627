/**
 * Build of the three Electron parts (electron-vite):
 *   main      out/main/index.js            app lifecycle, IPC handlers
 *             out/main/trainer-worker.js   the trainer, loaded by utilityProcess.fork
 *             out/main/claims-worker.js    the Model view's claims check, likewise
 *   preload   out/preload/index.cjs        sandboxed preload: one CommonJS file, nothing external
 *   renderer  out/renderer/index.html      the Svelte UI (also served by browser mode)
 * tfjs, sharp and every other runtime dependency stay external on the main side and load from
 * node_modules at run time (native addons and wasm cannot be bundled).
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'electron-vite'

const root = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          'trainer-worker': resolve(root, 'main/engine/host/trainer-worker.ts'),
          'claims-worker': resolve(root, 'main/app/claims-check/claims-worker.ts')
        },
        external: [/^@tensorflow\//, 'sharp', 'ws', 'playwright-core']
      }
    }
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require node_modules: bundle everything it imports.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } }
    },
    plugins: [svelte()]
  }
})
