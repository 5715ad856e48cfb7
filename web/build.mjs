// Copies the browser files we use from node_modules into static/vendor/, so the page
// loads nothing from a CDN. Run after `npm ci`: `npm run build`.
import { copyFileSync, mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const vendorDir = join(here, 'static', 'vendor');

// [package, file inside the package, name in static/vendor/]
const assets = [
  ['socket.io-client', 'dist/socket.io.min.js', 'socket.io.min.js'],
  ['socket.io-client', 'dist/socket.io.min.js.map', 'socket.io.min.js.map'],
  ['socket.io-client', 'LICENSE', 'socket.io-client.LICENSE.txt'],
];

// Read straight from web/node_modules: some packages do not export package.json.
const packageDir = (name) => join(here, 'node_modules', name);

mkdirSync(vendorDir, { recursive: true });
const versions = {};
for (const [pkg, file, target] of assets) {
  const dir = packageDir(pkg);
  const source = join(dir, file);
  if (!existsSync(source)) {
    console.error(`build: ${source} is missing; run "npm ci" in web/ first`);
    process.exit(1);
  }
  copyFileSync(source, join(vendorDir, target));
  versions[pkg] = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  console.log(`build: ${pkg}/${file} -> static/vendor/${target}`);
}
writeFileSync(join(vendorDir, 'VERSIONS.json'), JSON.stringify(versions, null, 2) + '\n');
