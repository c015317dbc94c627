// Packaging the desktop app with electron-builder (`npm run dist`, scripts/dist.mjs): AppImage
// and deb on Linux, dmg on macOS, an NSIS installer on Windows, each built on its own platform.
// What goes where:
//   app.asar                out/ (main, preload, renderer) and the production dependencies;
//                           native code (sharp and its libvips, the optional tfjs-node packages,
//                           Dawn for WebGPU, any *.node addon) is unpacked beside it, as a native library cannot
//                           be loaded from inside an archive
//   resources/sample        the bundled dataset        } found through process.resourcesPath
//   resources/wasm          tfjs's WebAssembly binaries } (main/files/bundled-resources.ts)
// The presets are compiled into the main bundle. Fuses: ELECTRON_RUN_AS_NODE, NODE_OPTIONS and
// --inspect are ignored, and the app loads only from its asar, whose integrity is checked (on
// macOS and Windows, where Electron supports it).

/** @type {import('electron-builder').Configuration} */
export default {
  appId: 'org.trainscape.app',
  productName: 'Trainscape',
  directories: { output: 'dist', buildResources: 'build' },
  files: ['out/**/*', 'package.json'],
  extraResources: [
    { from: 'resources/sample', to: 'sample' },
    { from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist', to: 'wasm', filter: ['*.wasm'] }
  ],
  asar: true,
  asarUnpack: [
    '**/*.node',
    'node_modules/sharp/**',
    'node_modules/@img/**',
    'node_modules/@tensorflow/tfjs-node/**',
    'node_modules/@tensorflow/tfjs-node-gpu/**',
    // Dawn's dawn.node with the libraries it loads from its own folder (dxcompiler.dll, …).
    'node_modules/webgpu/dist/**'
  ],
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true
  },
  linux: { target: ['AppImage', 'deb'], category: 'Science' },
  mac: { target: ['dmg'], category: 'public.app-category.education' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true }
}
