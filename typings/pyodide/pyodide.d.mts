// Types for `import … from "../pyodide/pyodide.mjs"` in docs/assets/javascripts/quiz-worker.js:
// the build copies Pyodide there (src/clearpicture/runtime/); the types are npm's own.
export { loadPyodide } from "pyodide";
