/**
 * electron-builder.yml and package.json, read as electron-builder reads them: the fuses, the one native binary per
 * platform (matched with electron-builder's own macro expander and glob library), the app's identity, the icon,
 * the Linux file association and the signing settings.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve('.');
const require = createRequire(join(repo, 'package.json'));
const yaml = require('js-yaml') as { load: (text: string) => unknown };
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const { expandMacro } = builderRequire('./out/util/macroExpander.js') as {
  expandMacro: (
    pattern: string,
    arch: string | null,
    appInfo: object,
    extra: Record<string, string>,
  ) => string;
};
const minimatch = builderRequire('minimatch') as
  | ((path: string, pattern: string, options?: object) => boolean)
  | { minimatch: (path: string, pattern: string, options?: object) => boolean };
const match = typeof minimatch === 'function' ? minimatch : minimatch.minimatch;

interface BuilderConfig {
  productName?: string;
  files?: string[];
  asar?: { smartUnpack?: boolean };
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  fileAssociations?: { ext: string; mimeType?: string }[];
  forceCodeSigning?: boolean;
  icon?: string;
  mac?: Record<string, unknown>;
  win?: Record<string, unknown>;
  linux?: Record<string, unknown>;
}
const ymlText = readFileSync(join(repo, 'electron-builder.yml'), 'utf8');
const config = yaml.load(ymlText) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;

/** Which of better-sqlite3's shipped prebuilds the `files` list lets through for one target. */
function prebuildsFor(os: 'linux' | 'win' | 'mac', arch: 'x64' | 'arm64'): string[] {
  const prebuilds = [
    'darwin-arm64',
    'darwin-x64',
    'linux-arm64',
    'linux-x64',
    'linuxmusl-arm64',
    'linuxmusl-x64',
    'win32-arm64',
    'win32-x64',
  ].map((name) => `node_modules/better-sqlite3/prebuilds/${name}.node`);
  const patterns = (config.files ?? []).map((p) => expandMacro(p, arch, {}, { os }));
  return prebuilds.filter((file) => {
    let included = false;
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) {
        if (match(file, pattern.slice(1), { dot: true })) included = false;
      } else if (match(file, pattern, { dot: true })) included = true;
    }
    return included;
  });
}

describe('electron-builder.yml', () => {
  it('sets exactly the seven fuses the app needs', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it.each([
    ['linux', 'x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64'],
    ['win', 'x64', 'win32-x64'],
    ['win', 'arm64', 'win32-arm64'],
    ['mac', 'x64', 'darwin-x64'],
    ['mac', 'arm64', 'darwin-arm64'],
  ] as const)('ships one better-sqlite3 binary for %s %s: %s', (os, arch, name) => {
    expect(prebuildsFor(os, arch)).toEqual([`node_modules/better-sqlite3/prebuilds/${name}.node`]);
  });

  it('has one files list (a per-platform list is not merged into it) that starts from nothing and drops maps', () => {
    for (const platform of ['mac', 'win', 'linux'] as const)
      expect(config[platform]?.['files']).toBeUndefined();
    expect(config.files?.[0]).toBe('!**/*');
    expect(config.files).toContain('!**/*.map');
    expect(config.asar?.smartUnpack).toBe(false);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/prebuilds/*.node']);
  });

  it('associates .riskregister files, with a MIME type for Linux', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'riskregister', mimeType: 'application/x-riskregister' }),
    ]);
  });

  it('uses the committed 1024 px icon', () => {
    expect(config.icon).toBe('build/icon.png');
    const png = readFileSync(join(repo, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('reads signing and notarisation secrets from the environment only, and builds unsigned without them', () => {
    expect(config.forceCodeSigning).toBe(false);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    expect(readFileSync(join(repo, config.mac?.['entitlements'] as string), 'utf8')).toContain(
      'com.apple.security.cs.allow-jit',
    );
    expect(ymlText).not.toMatch(
      /^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile|password|appleId)\s*:/m,
    );
  });
});

describe('package.json', () => {
  it('names the app "Risk Register" at run time (Electron reads productName, then name)', () => {
    expect(pkg['productName']).toBe('Risk Register');
    expect(config.productName).toBe(pkg['productName']);
  });

  it("denies better-sqlite3's install script (an implicit node-gyp rebuild that needs Python and a compiler)", () => {
    expect((pkg['allowScripts'] as Record<string, boolean>)['better-sqlite3']).toBe(false);
  });
});
