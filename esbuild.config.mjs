// npm run build: tsc checks the types and writes dist/ module by module (the
// tests and the bench import those); then this bundles what the binary runs,
// over tsc's files of the same names: dist/cli.js and the two thread entries,
// with the code they share in dist/chunks/. One minified file loads far faster
// than hundreds of modules (Ink and React alone: ~500 ms as modules, ~140 ms
// bundled), and the dashboard's code (Ink, React) is a chunk of its own that
// `list` and `show` never load. The bench builds its floor programs
// (bench/floors/) with the same settings, from BUNDLE.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);

/** Ink imports react-devtools-core only when DEV=true; it is not installed, so it bundles as nothing. */
const noDevtools = {
  name: 'no-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'react-devtools-core',
      namespace: 'no-devtools',
    }));
    build.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

/**
 * yoga-layout (Ink's layout engine) loads its wasm, embedded as a data: URL,
 * with fetch(): that loads Node's fetch (undici) and decodes the URL in
 * JavaScript, a tenth of a second before the first frame. The same bytes are
 * handed to it as Emscripten's documented `wasmBinary` instead, decoded by
 * Buffer. Should the embedded bytes not be found (another yoga-layout), Yoga
 * loads as it ships.
 */
const yogaWasmBinary = {
  name: 'yoga-wasm-binary',
  setup(build) {
    build.onResolve({ filter: /^yoga-layout$/ }, (args) => {
      if (args.namespace === 'yoga-wasm-binary') return undefined;
      const dir = path.dirname(path.dirname(require.resolve('yoga-layout')));
      const loader = path.join(dir, 'binaries', 'yoga-wasm-base64-esm.js');
      const base64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(
        fs.readFileSync(loader, 'utf8'),
      )?.[1];
      if (!base64) {
        console.warn('yoga-layout: no embedded wasm found; it loads through fetch()');
        return undefined;
      }
      return { path: 'yoga-layout', namespace: 'yoga-wasm-binary', pluginData: { dir, loader, base64 } };
    });
    build.onLoad({ filter: /.*/, namespace: 'yoga-wasm-binary' }, ({ pluginData: { dir, loader, base64 } }) => ({
      contents: [
        `import loadYoga from ${JSON.stringify(loader)};`,
        `import wrapAssembly from ${JSON.stringify(path.join(dir, 'src', 'wrapAssembly.js'))};`,
        `export * from ${JSON.stringify(path.join(dir, 'src', 'generated', 'YGEnums.js'))};`,
        `const Yoga = wrapAssembly(await loadYoga({ wasmBinary: Buffer.from(${JSON.stringify(base64)}, 'base64') }));`,
        'export default Yoga;',
      ].join('\n'),
      loader: 'js',
      resolveDir: dir,
    }));
  },
};

/**
 * Ink (and widest-line and cli-truncate, which it uses) measure every line of
 * every frame with string-width, which sends any character beyond ASCII
 * through grapheme segmentation and an emoji regex: src/text/width.ts answers
 * the same for the characters the dashboard draws, at once, and hands the
 * rest to string-width. Only imports that resolve to the string-width this
 * package depends on are redirected (wrap-ansi keeps its own older copy).
 */
const fastStringWidth = {
  name: 'fast-string-width',
  setup(build) {
    const wrapper = path.resolve('src/text/width.ts');
    const ours = require.resolve('string-width');
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.importer === wrapper) return { path: ours, namespace: 'string-width-on-first-call' };
      if (args.pluginData === 'fast-string-width') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'fast-string-width',
      });
      return resolved.path === ours ? { path: wrapper } : resolved;
    });
    // string-width compiles an emoji regex as it loads (15 ms here) that the
    // wrapper's plain text never needs: a require() makes esbuild evaluate
    // the module on the first call that reaches it instead of at start-up.
    build.onLoad({ filter: /.*/, namespace: 'string-width-on-first-call' }, (args) => ({
      contents: [
        'let stringWidth;',
        'export default function lazyStringWidth(text, options) {',
        `  stringWidth ??= require(${JSON.stringify(args.path)}).default;`,
        '  return stringWidth(text, options);',
        '}',
      ].join('\n'),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * Ink's Output class (ink/build/output.js) builds each frame as one object
 * per cell and writes it back out cell by cell; src/ui/row-output.ts draws
 * the same text a row at a time (see there). It builds on that internal
 * class, so it is handed to Ink only for the Ink release it was checked
 * against; test/ui/row-output.test.tsx and every UI test (through
 * test/ink-output-check.ts) compare the two frame by frame.
 */
const ROW_OUTPUT_INK = '6.8.0';
const rowOutput = {
  name: 'row-output',
  setup(build) {
    const inkBuild = path.dirname(require.resolve('ink'));
    const inkVersion = JSON.parse(fs.readFileSync(path.join(inkBuild, '..', 'package.json'), 'utf8')).version;
    if (inkVersion !== ROW_OUTPUT_INK) {
      console.warn(
        `ink ${inkVersion}: src/ui/row-output.ts was checked against ink ${ROW_OUTPUT_INK}; Ink draws with its own Output`,
      );
      return;
    }
    build.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
      args.importer === path.join(inkBuild, 'renderer.js')
        ? { path: 'ink-output', namespace: 'row-output' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'row-output' }, () => ({
      contents: [
        `import InkOutput from ${JSON.stringify(path.join(inkBuild, 'output.js'))};`,
        `import { rowOutput } from ${JSON.stringify(path.resolve('src/ui/row-output.ts'))};`,
        'export default rowOutput(InkOutput);',
      ].join('\n'),
      loader: 'js',
      resolveDir: inkBuild,
    }));
  },
};

/** How the binary's code is bundled, whatever the entry points. */
export const BUNDLE = {
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.NO_MINIFY !== '1',
  legalComments: 'none',
  // sql.js stays a file of its own: it finds its wasm beside it (src/db/sqljs.ts passes locateFile).
  external: ['sql.js'],
  // Bundled CommonJS (React) calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools, yogaWasmBinary, fastStringWidth, rowOutput],
  logLevel: 'warning',
};

/**
 * The binary starts as a shell script that runs itself with node (sh skips
 * the line to JavaScript's `//`; to node it is a string and a comment). Node
 * 20 reads every root certificate as it starts when NODE_EXTRA_CA_CERTS is
 * set, as it often is on company servers: 45 ms here before a line of ours
 * runs, and a warning on every start when the file named is missing. This
 * program opens no TLS connection, so the launcher drops the variable.
 */
export const LAUNCH_NODE = 'unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"';
const LAUNCHER = ['#!/bin/sh', `":" //; ${LAUNCH_NODE}`].join('\n');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Chunks are named by content: the old ones would pile up.
  fs.rmSync('dist/chunks', { recursive: true, force: true });
  await esbuild.build({
    ...BUNDLE,
    entryPoints: {
      cli: 'src/cli.ts',
      'triage/worker': 'src/triage/worker.ts',
      'db/integrity-worker': 'src/db/integrity-worker.ts',
    },
    outdir: 'dist',
  });
  const bin = fs.readFileSync('dist/cli.js', 'utf8');
  if (!bin.startsWith('#!/usr/bin/env node\n')) throw new Error('dist/cli.js: no #!/usr/bin/env node line to replace');
  fs.writeFileSync('dist/cli.js', LAUNCHER + bin.slice(bin.indexOf('\n')));
  fs.chmodSync('dist/cli.js', 0o755);
}
