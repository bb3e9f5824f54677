// Bundle the book's widget runtime (embed.js beside this file) with esbuild, pinned in package.json.
// Run by `npm run build` (the Makefile's `npm` target and .ci/run); the output goes to
// node_modules/.book-widgets/ (never committed), from where _ext/vendored_assets.py copies it into
// the built site. The same inputs give the same bytes: no timestamps, no source maps, no hashes.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// html-manager's libembed imports Font Awesome 5's CSS (about 90 KB, and 0.8 MB of fonts) for
// widgets with icons (Button, Play, ...); the book's static widgets have none, and the theme
// already ships Font Awesome 6's CSS and webfonts for its own icons.
const noFontAwesome = {
  name: 'no-fontawesome',
  setup(b) {
    b.onResolve({ filter: /^@fortawesome\/fontawesome-free\/css\// }, (args) => ({ path: args.path, namespace: 'empty-css' }));
    b.onLoad({ filter: /.*/, namespace: 'empty-css' }, () => ({ contents: '', loader: 'css' }));
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
  define: { __webpack_public_path__: '""', 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  plugins: [noFontAwesome],
  logLevel: 'warning',
  metafile: !!process.env.BOOK_WIDGETS_METAFILE,
});
if (result.metafile) {
  const fs = await import('node:fs');
  fs.writeFileSync(process.env.BOOK_WIDGETS_METAFILE, JSON.stringify(result.metafile));
}
