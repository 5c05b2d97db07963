#!/usr/bin/env node
// The `risk-register` command. Runs the TypeScript sources with Node's built-in type stripping (Node ≥ 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `risk-register: needs Node 22.18 or newer (24 recommended); this is Node ${process.versions.node}.\n`,
  );
  process.exit(1);
}
// `risk-register list … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
