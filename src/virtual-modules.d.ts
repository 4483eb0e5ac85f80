// Modules the build writes (src/plugins/).

declare module 'virtual:tfjs-files' {
  /** what the training worker's import of TensorFlow.js fetches (src/plugins/lazy-files.ts) */
  const files: import('./lib/lazy-files').LazyFiles;
  export default files;
}
