// Types for build.cli.lazy-zod.mjs (imported by test/integration/cli-lazy-zod.test.ts).
import type { Plugin } from 'esbuild';

export declare const lazyZod: Plugin;
