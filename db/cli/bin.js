#!/usr/bin/env node
// The `risk-register` command. Runs the bundle dist/cli/main.mjs (`npm run build:cli`, also run by `npm install`)
// when it is newer than every source it was built from; otherwise the TypeScript sources, with Node's built-in type
// stripping (Node ≥ 22.18), so an edited source is never shadowed by a stale bundle.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `risk-register: needs Node 22.18 or newer (24 recommended); this is Node ${process.versions.node}.\n`,
  );
  process.exit(1);
}
// Not `import … from 'node:fs'`: an ES module import of a built-in evaluates every lazy export it has (node:fs
// loads its streams), milliseconds at every start; getBuiltinModule (Node ≥ 22.3) loads only the module itself.
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
// `risk-register list … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/** The bundle's URL if it exists and no source it was built from changed since; else null. */
function freshBundle() {
  if (process.env.RISK_REGISTER_FROM_SOURCE === '1') return null;
  const dir = new URL('../../dist/cli/', import.meta.url);
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(new URL('inputs.json', dir), 'utf8'));
    if (typeof builtAt !== 'number' || !Array.isArray(sources)) return null;
    for (const s of sources) if (statSync(new URL(s, dir)).mtimeMs >= builtAt) return null;
    statSync(new URL('main.mjs', dir));
    return new URL('main.mjs', dir).href;
  } catch {
    return null;
  }
}

/**
 * Where Node keeps the bundle's compiled code between runs (its compile cache, which saves most of the parse): the
 * user's own cache folder, never a folder shared by every user of the machine (Node's default is one under the
 * system temp folder, which another user could have made first). NODE_COMPILE_CACHE, when set, wins.
 */
function compileCacheDir() {
  const env = process.env;
  const { homedir } = process.getBuiltinModule('node:os');
  const { join } = process.getBuiltinModule('node:path');
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'risk-register', 'node-compile-cache');
}

const bundle = freshBundle();
if (bundle && !process.env.NODE_COMPILE_CACHE) {
  // A cache folder that cannot be made or written (read-only home, no home) only means no cache: Node reports it
  // in the returned status and the command runs as before.
  try {
    module.enableCompileCache?.(compileCacheDir());
  } catch {
    // no cache this time
  }
}
const { main } = await import(bundle ?? './main.ts');
process.exitCode = await main(process.argv.slice(2));
