// Bundles the editor pages (src/*.js, src/*.css) from the packages npm installed, into the directory given
// as the first argument; the Maven build passes target/classes/static/vendor/editors (ADR 0050).
//
//   node build.mjs [output directory]
//
// Without an argument (npm run build) it writes where Maven does, so a server started with spring-boot:run
// serves the new bundles on the next page load.
//
// Besides the bundles it writes THIRD-PARTY-NOTICES.txt: the licence of every package that ended up in
// them, as their licences ask; the bundles keep the packages' legal comments at their end.

import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, '../../../target/classes/static/vendor/editors'));
const pages = ['bpmn-editor', 'dmn-editor', 'form-editor', 'model-diff'];

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  outdir,
  legalComments: 'eof',
  // browsers of the last three years; esbuild rewrites newer syntax for them
  target: ['chrome110', 'edge110', 'firefox115', 'safari16'],
  logLevel: 'warning',
  metafile: true
};

// from an empty directory: chunk and asset names carry a content hash, so an earlier build's would pile up
rmSync(outdir, { recursive: true, force: true });

const started = Date.now();
const [scripts, styles] = await Promise.all([
  build({
    ...common,
    entryPoints: pages.map((page) => `src/${page}.js`),
    format: 'esm',
    // the diff page loads the viewer of one kind on demand; what pages share is loaded once
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // the libraries read it to leave out their development checks, and "process" does not exist in a browser
    define: { 'process.env.NODE_ENV': '"production"' }
  }),
  build({
    ...common,
    entryPoints: pages.map((page) => `src/${page}.css`),
    assetNames: 'assets/[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' }
  })
]);

const inputs = [...Object.keys(scripts.metafile.inputs), ...Object.keys(styles.metafile.inputs)];
writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.txt'), notices(inputs));

// what a page loads: its entry and the chunks the entry imports, statically (at once) or dynamically (the diff
// page's viewer for one kind)
const outputs = { ...scripts.metafile.outputs, ...styles.metafile.outputs };
const loaded = (file, kinds, seen = new Set()) => {
  if (!seen.has(file)) {
    seen.add(file);
    for (const imported of outputs[file].imports) {
      if (kinds.includes(imported.kind) && outputs[imported.path]) {
        loaded(imported.path, kinds, seen);
      }
    }
  }
  return seen;
};
const size = (files) => [...files].reduce((sum, file) => sum + outputs[file].bytes, 0);
for (const [file, output] of Object.entries(outputs)) {
  if (output.entryPoint) {
    const atOnce = loaded(file, ['import-statement']);
    const all = loaded(file, ['import-statement', 'dynamic-import']);
    console.log(`  ${relative(outdir, resolve(here, file)).padEnd(32)} ${kb(size(atOnce))} with what it imports`
      + (all.size > atOnce.size ? `, ${kb(size(all))} with every viewer it may load` : ''));
  }
}
const total = size(Object.keys(outputs));
console.log(`editors: ${Object.keys(outputs).length} files, ${kb(total)} in all, built in ${Date.now() - started} ms into ${outdir}`);

function kb(bytes) {
  return (bytes / 1024).toFixed(0).padStart(6) + ' KB';
}

// The licence texts of the packages the bundles contain, one section per package and version.
function notices(files) {
  const packages = new Map();
  for (const file of files) {
    const root = packageRoot(file);
    if (root && !packages.has(root)) {
      packages.set(root, describe(root));
    }
  }
  const sections = [...packages.values()]
    .sort((a, b) => a.title.localeCompare(b.title))
    .filter((section, index, all) => index === 0 || section.title !== all[index - 1].title)
    .map((section) => `${'='.repeat(78)}\n${section.title}\n${'='.repeat(78)}\n\n${section.text.trim()}\n`);
  return 'Third-party software in the Patchflow editor bundles (vendor/editors), with the licence of each.\n'
    + 'The bpmn.io licence (bpmn-js, dmn-js, form-js and their parts) asks that the bpmn.io watermark\n'
    + 'stays visible: the editors keep it.\n\n' + sections.join('\n');
}

// the package a bundled file belongs to: the directory right under node_modules, or a copy of another package
// with a licence of its own inside it (@bpmn-io/properties-panel carries preact that way)
function packageRoot(file) {
  const path = resolve(here, file);
  const marker = `${sep}node_modules${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) {
    return null;
  }
  const name = path.slice(at + marker.length).split(sep);
  const root = path.slice(0, at + marker.length) + name.slice(0, name[0].startsWith('@') ? 2 : 1).join(sep);
  for (let dir = dirname(path); dir.length > root.length; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && licenceFile(dir)) {
      return dir;
    }
  }
  return root;
}

function describe(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licence = typeof manifest.license === 'string' ? manifest.license : (manifest.license && manifest.license.type) || 'no licence named';
  const file = licenceFile(dir);
  return {
    title: `${manifest.name} ${manifest.version || ''} (${licence})`,
    text: file ? readFileSync(join(dir, file), 'utf8')
      : `The package ships no licence file; its package.json names the licence ${licence}`
        + (manifest.author ? `, author: ${typeof manifest.author === 'string' ? manifest.author : manifest.author.name}` : '') + '.'
  };
}

function licenceFile(dir) {
  return readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(name));
}
