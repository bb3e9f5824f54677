// Bundle the book's widget runtime (embed.js beside this file) with esbuild, pinned in package.json.
// Run by `npm run build` (the Makefile's `npm` target and .ci/run); the output goes to
// node_modules/.book-widgets/ (never committed), from where _ext/vendored_assets.py copies it into
// the built site. The same inputs give the same bytes: no timestamps, no source maps, no hashes.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// base-manager imports sanitize-html (with htmlparser2, entities and postcss: 0.25 MB) only to clean
// HTML in control descriptions (`description_allow_html=True`), which the book's widgets do not
// use. It is replaced by a sanitizer that refuses, so such HTML is never shown unsanitized: the view
// fails and the browser tests report it.
const noHtmlDescriptions = {
  name: 'no-html-descriptions',
  setup(b) {
    b.onResolve({ filter: /^sanitize-html$/ }, () => ({ path: 'sanitize-html', namespace: 'refuse' }));
    b.onLoad({ filter: /.*/, namespace: 'refuse' }, () => ({
      contents: 'export default function sanitize() { throw new Error("HTML in widget descriptions is not '
        + 'supported by the book\'s widget runtime (see _ext/widgets/build.mjs)"); }',
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [path.join(here, 'embed.js')],
  outdir: path.join(root, 'node_modules', '.book-widgets'),
  entryNames: 'widgets',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'linked',   // widgets.js.LEGAL.txt: the licence comments found in the bundled code
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts and images referenced by the upstream CSS (none are used by the book's widgets).
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  plugins: [noHtmlDescriptions],
  logLevel: 'warning',
  metafile: true,
});
if (process.env.BOOK_WIDGETS_METAFILE) fs.writeFileSync(process.env.BOOK_WIDGETS_METAFILE, JSON.stringify(result.metafile));

// widgets.LICENSES.txt: name, version and licence text of every npm package bundled (their licences ask
// that the notice travel with the code).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.set(match[1], true);
}
const notices = [...packages.keys()].sort().map((dir) => {
  const meta = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const licence = fs.readdirSync(path.join(root, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = licence ? fs.readFileSync(path.join(root, dir, licence), 'utf8').trim() : `License: ${meta.license}`;
  return `${meta.name}@${meta.version} (${meta.license})\n\n${text}\n`;
});
fs.writeFileSync(path.join(root, 'node_modules', '.book-widgets', 'widgets.LICENSES.txt'),
  `Third-party packages bundled into widgets.js and widgets.css (built by _ext/widgets/build.mjs)\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
