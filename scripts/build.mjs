// Builds the browser app (client/ -> dist/client) and the server (server/ -> dist/server).
// Plain JS so it runs before anything is compiled.
//
// The browser app is built for the first visit to be fast:
// - scripts are minified and split: what a page runs at once is in its entry and the chunks that
//   entry imports; code behind import() (the in-visit connection test) loads when it is used;
// - each page's stylesheets become one minified bundle; a stylesheet only something loaded later uses
//   (LATER_SHEETS) is a bundle of its own, which that code adds to the page when it shows;
// - every asset name carries a content hash (visit-XXXXXXXX.js), so the server can let browsers keep
//   assets for a year, and the HTML the build writes points at those names (the pages in
//   client/pages name the sources: /assets/visit.js, /assets/styles.css);
// - every file is also written brotli- and gzip-compressed (name.br, name.gz) when that is smaller,
//   for the server to send as they are;
// - no source maps are emitted.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { backgroundAssets } from './build-background-assets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET = ['chrome100', 'firefox100', 'safari15'];
/** The page scripts: a page's `<script type="module" src="/assets/NAME.js">` is built from SCRIPTS[NAME]. */
const SCRIPTS = { visit: 'client/visit/main.ts', test: 'client/test-page/main.ts', practice: 'client/practice/main.ts' };
/**
 * Stylesheets no page links at once: the code that needs them adds them when it shows (e.g. the waiting
 * room's connection test dialog, client/util/stylesheet.ts). Scripts find their built names in
 * LATER_STYLESHEETS, '{"connection-test.css":"/assets/connection-test-XXXXXXXX.css"}'. A page may
 * still link one at once (the /test page does).
 */
const LATER_SHEETS = ['connection-test.css', 'dialogs.css', 'background.css'];
/** What a page may weigh, gzip, HTML and everything it loads at once (test/integration/assets.test.ts checks it). */
export const PAGE_BUDGET_GZIP = 40_000;

const STYLESHEET = /(\n[ \t]*)<link rel="stylesheet" href="\/assets\/([\w.-]+\.css)">/g;
const SCRIPT = /<script type="module" src="\/assets\/([\w.-]+)\.js"><\/script>/g;

/**
 * @param {{ quiet?: boolean, outDir?: string, server?: boolean }} [opts] outDir defaults to dist/;
 *   server: false builds only the browser app (into outDir/client).
 */
export async function buildAll({ quiet = false, outDir = `${root}dist`, server = true } = {}) {
  const report = await buildClient(join(outDir, 'client'), quiet);
  if (server) {
    await build({
      entryPoints: {
        main: `${root}server/main.ts`,
        'demo-cli': `${root}server/demo-cli.ts`,
        'admin-cli': `${root}server/admin-cli.ts`,
        'admin-staff-cli': `${root}server/admin-staff-cli.ts`,
        'backup-cli': `${root}server/backup-cli.ts`,
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: join(outDir, 'server'),
      logLevel: quiet ? 'error' : 'warning',
    });
  }
  return report;
}

async function buildClient(dest, quiet) {
  const pagesDir = `${root}client/pages`;
  const pages = readdirSync(pagesDir)
    .filter((f) => f.endsWith('.html'))
    .map((file) => {
      const html = readFileSync(join(pagesDir, file), 'utf8');
      const name = basename(file, '.html');
      return {
        file,
        name,
        html,
        sheets: [...html.matchAll(STYLESHEET)].map((m) => m[2]),
        scripts: [...html.matchAll(SCRIPT)].map((m) => m[1]),
      };
    });

  const entries = {};
  for (const page of pages) {
    for (const s of page.scripts) {
      if (!SCRIPTS[s]) throw new Error(`${page.file} loads /assets/${s}.js, which scripts/build.mjs does not know (see SCRIPTS)`);
      entries[s] = `${root}${SCRIPTS[s]}`;
    }
  }
  // Stylesheets: one bundle per page, the page's sheets in the page's order, and one per later sheet.
  const sheetsOf = Object.fromEntries(pages.filter((p) => p.sheets.length).map((p) => [p.name, p.sheets]));
  const laterSheets = Object.fromEntries(LATER_SHEETS.map((s) => [basename(s, '.css'), s]));
  for (const n of Object.keys(laterSheets)) if (sheetsOf[n]) throw new Error(`${n}.css is a page's name too (LATER_SHEETS)`);
  const css = await build({
    entryPoints: {
      ...Object.fromEntries(Object.keys(sheetsOf).map((n) => [n, `page-css:${n}`])),
      ...Object.fromEntries(Object.entries(laterSheets).map(([n, s]) => [n, join(pagesDir, s)])),
    },
    bundle: true,
    target: TARGET,
    minify: true,
    metafile: true,
    write: false,
    absWorkingDir: root,
    outdir: dest,
    entryNames: '[name]-[hash]',
    logLevel: quiet ? 'error' : 'warning',
    plugins: [
      {
        name: 'page-css',
        setup(b) {
          b.onResolve({ filter: /^page-css:/ }, (a) => ({ path: a.path.slice('page-css:'.length), namespace: 'page-css' }));
          b.onLoad({ filter: /.*/, namespace: 'page-css' }, (a) => ({
            contents: sheetsOf[a.path].map((s) => `@import "./${s}";`).join('\n'),
            loader: 'css',
            resolveDir: pagesDir,
          }));
        },
      },
    ],
  });

  /** Each later sheet's built address, by its name in client/pages. */
  const laterStylesheets = Object.fromEntries(
    LATER_SHEETS.map((s) => {
      const built = Object.keys(css.metafile.outputs).find((o) => css.metafile.outputs[o].entryPoint === `client/pages/${s}`);
      return [s, `/assets/${basename(built)}`];
    }),
  );

  // Scripts: one build, split into chunks shared between pages and chunks loaded by import().
  const js = await build({
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: false,
    metafile: true,
    write: false,
    absWorkingDir: root,
    outdir: dest,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    // In the scripts, so a later sheet's new name is a new name for the script that loads it. As a string
    // (JSON): esbuild would put an object in a chunk of its own, which every script then imports.
    define: { LATER_STYLESHEETS: JSON.stringify(JSON.stringify(laterStylesheets)) },
    logLevel: quiet ? 'error' : 'warning',
  });

  // esbuild can leave a shared chunk empty (every module in it inlined away, such as the numbers of
  // shared/constants.ts): it is dropped, with the bare imports of it, rather than served and preloaded.
  const empty = new Set(js.outputFiles.filter((f) => f.contents.length === 0).map((f) => basename(f.path)));
  const withoutEmpty = (body) => {
    let text = Buffer.from(body).toString('utf8');
    for (const name of empty) text = text.replaceAll(`import"./${name}";`, '');
    return Buffer.from(text);
  };
  /** @type {Map<string, Uint8Array>} */
  const assets = new Map();
  for (const f of js.outputFiles)
    if (!empty.has(basename(f.path))) assets.set(basename(f.path), empty.size ? withoutEmpty(f.contents) : f.contents);
  for (const f of css.outputFiles) assets.set(basename(f.path), f.contents);
  for (const [name, body] of backgroundAssets()) assets.set(name, body);
  const outputs = { ...js.metafile.outputs, ...css.metafile.outputs };
  for (const o of Object.keys(outputs)) {
    if (empty.has(basename(o))) delete outputs[o];
    else outputs[o] = { ...outputs[o], imports: outputs[o].imports.filter((i) => !empty.has(basename(i.path))) };
  }
  const entryOutput = (entryPoint) => basename(Object.keys(outputs).find((o) => outputs[o].entryPoint === entryPoint));
  const importsOf = (file, kind) =>
    Object.entries(outputs)
      .find(([o]) => basename(o) === file)[1]
      .imports.filter((i) => i.kind === kind)
      .map((i) => basename(i.path));
  /** A script and every chunk it imports, statically, at any depth. */
  const staticClosure = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const i of importsOf(file, 'import-statement')) staticClosure(i, seen);
    return seen;
  };

  // The HTML the build writes: one stylesheet link per page, hashed script names, and a modulepreload
  // for each chunk the page's script imports, so they download together instead of one after another.
  const html = new Map();
  /** What each page loads at once, and what it may load later (import()). */
  const pageAssets = {};
  for (const page of pages) {
    const now = new Set();
    const later = new Set();
    let text = page.html;
    if (page.sheets.length) {
      const bundle = entryOutput(`page-css:${page.name}`);
      now.add(bundle);
      let first = true;
      text = text.replace(STYLESHEET, (_m, ws) => {
        if (!first) return '';
        first = false;
        return `${ws}<link rel="stylesheet" href="/assets/${bundle}">`;
      });
    }
    text = text.replace(SCRIPT, (_m, s) => {
      const entry = entryOutput(SCRIPTS[s]);
      const chunks = [...staticClosure(entry)];
      for (const c of chunks) {
        now.add(c);
        for (const d of importsOf(c, 'dynamic-import')) for (const l of staticClosure(d)) later.add(l);
      }
      const preload = chunks.filter((c) => c !== entry).map((c) => `\n  <link rel="modulepreload" href="/assets/${c}">`);
      return `<script type="module" src="/assets/${entry}"></script>${preload.join('')}`;
    });
    // A later sheet is the page's when one of the page's scripts names it.
    for (const href of Object.values(laterStylesheets)) {
      const sheet = basename(href);
      if ([...now, ...later].some((f) => f.endsWith('.js') && Buffer.from(assets.get(f)).includes(sheet))) later.add(sheet);
    }
    for (const ref of text.matchAll(/\/assets\/([^"'\s>]+)/g)) {
      if (!assets.has(ref[1])) throw new Error(`${page.file} refers to /assets/${ref[1]}, which the build did not make`);
    }
    html.set(page.file, Buffer.from(text));
    pageAssets[page.name] = { now: [page.file, ...now], later: [...later].filter((f) => !now.has(f)) };
  }

  // Write: assets first, then the pages that name them, then remove what an earlier build left. Each
  // file is written whole under a temporary name and renamed, so a server starting meanwhile never
  // reads half a file.
  mkdirSync(dest, { recursive: true });
  const written = new Set();
  const sizes = new Map();
  const put = (name, body) => {
    const tmp = join(dest, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, body);
    renameSync(tmp, join(dest, name));
    written.add(name);
  };
  const emit = (name, body) => {
    const gz = gzipSync(body, { level: 9 });
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        // The largest files (MediaPipe's wasm, megabytes) at a quality that builds in seconds, not a minute.
        [constants.BROTLI_PARAM_QUALITY]: body.length > 1_000_000 ? 9 : constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    if (gz.length < body.length) put(`${name}.gz`, gz);
    if (br.length < body.length) put(`${name}.br`, br);
    put(name, body);
    // What goes over the wire: the compressed file when it was kept, else the file.
    sizes.set(name, { raw: body.length, gzip: Math.min(gz.length, body.length), br: Math.min(br.length, body.length) });
  };
  for (const [name, body] of assets) emit(name, body);
  for (const [name, body] of html) emit(name, body);
  for (const f of readdirSync(dest)) if (!written.has(f)) rmSync(join(dest, f), { force: true, recursive: true });

  const total = (files) =>
    files.reduce((t, f) => ({ raw: t.raw + sizes.get(f).raw, gzip: t.gzip + sizes.get(f).gzip, br: t.br + sizes.get(f).br }), {
      raw: 0,
      gzip: 0,
      br: 0,
    });
  const pageReport = Object.fromEntries(
    Object.entries(pageAssets).map(([name, { now, later }]) => [name, { files: now, total: total(now), later, laterTotal: total(later) }]),
  );
  return { dir: dest, files: Object.fromEntries(sizes), pages: pageReport };
}

/** The size table `npm run build` ends with. */
export function formatSizes(report) {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const row = (label, s) => `${label.padEnd(38)}${kb(s.raw).padStart(10)}${kb(s.gzip).padStart(10)}${kb(s.br).padStart(10)}`;
  const lines = [`${'dist/client'.padEnd(38)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`];
  for (const [name, s] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) lines.push(row(name, s));
  lines.push('');
  for (const [name, page] of Object.entries(report.pages)) {
    lines.push(row(`${name} page: HTML + all it loads`, page.total));
    if (page.later.length) lines.push(row(`  + on demand (import()), ${page.later.length} files`, page.laterTotal));
  }
  const visit = report.pages.visit;
  const over = visit.total.gzip > PAGE_BUDGET_GZIP;
  lines.push(`visit page budget: ${kb(PAGE_BUDGET_GZIP)} gzip, ${over ? 'OVER' : 'within'} (${kb(visit.total.gzip)})`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await buildAll();
  console.log('Built dist/client and dist/server\n');
  console.log(formatSizes(report));
}
