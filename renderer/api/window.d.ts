/** `window.api`: the preload bridge (Electron) or the test bridge (Playwright, jsdom). */
import type { Api } from '../../shared/contract/index.ts';

declare global {
  interface Window {
    api: Api;
  }
}

export {};
