import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { loadRegister } from './actions/register-actions.ts';
import { listenToShell } from './actions/shell-events.ts';
import { StartScreen } from './components/StartScreen.tsx';
import { Welcome } from './components/Welcome.tsx';
import { Workspace } from './components/Workspace.tsx';
import { useRegisterStore } from './stores/register-store.ts';

export function App() {
  const loaded = useRegisterStore((s) => s.loaded);
  const status = useRegisterStore((s) => s.status);

  useEffect(() => {
    const stop = listenToShell();
    void loadRegister();
    return stop;
  }, []);

  if (!loaded) return <p className="loading">Opening the register…</p>;
  if (!status) return <StartScreen />;
  if (!status.settings.onboarded) return <Welcome status={status} />;
  return <Workspace />;
}

/** Draw the app in `mount` (main.tsx loads this chunk, with React beside it, and calls this). */
export function startApp(mount: HTMLElement): void {
  createRoot(mount).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
