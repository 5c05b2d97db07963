/** Renderer tests: jsdom, Testing Library, and fresh stores and backends for every test. */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetStores } from '../../renderer/stores/reset.ts';
import { closeBackends } from './backend.ts';

afterEach(() => {
  cleanup();
  resetStores();
  closeBackends();
  Reflect.deleteProperty(window, 'api');
});
