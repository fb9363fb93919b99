// npm run build: tsc checks the types and writes dist/ module by module (the
// tests and the bench import those); then this bundles what the binary runs,
// over tsc's files of the same names: dist/cli.js and the two thread entries,
// with the code they share in dist/chunks/. One minified file loads far faster
// than hundreds of modules (Ink and React alone: ~500 ms as modules, ~140 ms
// bundled), and the dashboard's code (Ink, React) is a chunk of its own that
// `list` and `show` never load.
import * as esbuild from 'esbuild';

/** Ink imports react-devtools-core only when DEV=true; it is not installed, so it bundles as nothing. */
const noDevtools = {
  name: 'no-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'no-devtools' }));
    build.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
  },
};

await esbuild.build({
  entryPoints: { cli: 'src/cli.ts', 'triage/worker': 'src/triage/worker.ts', 'db/integrity-worker': 'src/db/integrity-worker.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // sql.js stays a file of its own: it finds its wasm beside it (src/db/sqljs.ts passes locateFile).
  external: ['sql.js'],
  // Bundled CommonJS (React) calls require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools],
  logLevel: 'warning',
});
