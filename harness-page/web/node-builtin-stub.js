// Stands in for the Node built-ins (fs, os, path, perf_hooks) that TF.js's ES-module build of the
// wasm backend imports; the browser never takes the code path that uses them (see index.html).
export default {};
