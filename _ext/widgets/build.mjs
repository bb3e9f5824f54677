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
  legalComments: 'linked',   // widgets.js.LEGAL.txt / widgets.css.LEGAL.txt: the bundled packages' licences
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts and images referenced by the upstream CSS (none are used by the book's widgets).
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  plugins: [noHtmlDescriptions],
  logLevel: 'warning',
  metafile: Boolean(process.env.BOOK_WIDGETS_METAFILE),
});
if (result.metafile) fs.writeFileSync(process.env.BOOK_WIDGETS_METAFILE, JSON.stringify(result.metafile));
