/**
 * `npm run serve` (and the second half of `npm start`): serves the built site at
 * http://localhost:4321/ under its base path. PORT, HOST and BASE_PATH override.
 */
import { existsSync } from 'node:fs';
import { normaliseBasePath } from '../src/config/paths.ts';
import { startStaticServer } from './lib/static-server.ts';

const root = process.argv[2] ?? 'dist';
if (!existsSync(root)) {
  console.error(`No built site in "${root}". Run "npm run build" first (or "npm start", which builds and serves).`);
  process.exit(1);
}
const { url } = await startStaticServer({
  root,
  base: normaliseBasePath(process.env['BASE_PATH']),
  port: Number(process.env['PORT'] ?? 4321),
  host: process.env['HOST'] ?? 'localhost',
});
console.log(`Serving ${root} at ${url} (Ctrl+C to stop)`);
