// @ts-check
// What the scoring runtime weighs and which version it is, filled in by the build after every
// build (src/clearpicture/runtime/manifest.py measures the shipped files): the page reads it for
// the data-saver notice, the quiz worker for its download progress and its cache's name. Left
// null where no build filled it (then there is no size to tell and nothing is stored).

/**
 * @typedef {object} RuntimeFile
 * @property {string} path  site-relative, e.g. "assets/pyodide/pyodide.asm.wasm"
 * @property {number} bytes  its size as shipped
 * @property {number} gzip  its size gzip-compressed, as a host that compresses sends it
 *
 * @typedef {object} RuntimeManifest
 * @property {string} version  a hash of every runtime file: names the cache it is kept in
 * @property {number} bytes
 * @property {number} gzip
 * @property {RuntimeFile[]} files
 */

/** @type {RuntimeManifest | null} */
export const RUNTIME = /* clearpicture:runtime-manifest */ null /* end */;
