/**
 * Where the bundled sample dataset (a Fashion-MNIST subset as PNG class folders) lives:
 * resources/sample in the source tree, `<resourcesPath>/sample` in a packaged app
 * (bundled-resources.ts decides).
 */
export { sampleDatasetRoot } from '../../files/bundled-resources'
