/**
 * The main views of the app, each opened from the register as a user would, for the layout and accessibility
 * tests: the register with and without the panel, the heatmap, dashboard, reviews, audit, snapshots, controls, objectives, settings,
 * the import wizard and the new risk dialog.
 */
import type { Page } from 'playwright-core';

export interface MainView {
  name: string;
  open(page: Page): Promise<void>;
}

async function nav(page: Page, view: string, ready: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(ready).first().waitFor();
}

export const MAIN_VIEWS: MainView[] = [
  { name: 'register', open: (p) => nav(p, 'register', 'risk-table') },
  {
    name: 'register-panel',
    async open(p) {
      await nav(p, 'register', 'risk-table');
      await p.getByTestId('risk-row-SR4').click();
      await p.getByTestId('panel-ref').waitFor();
    },
  },
  { name: 'heatmap', open: (p) => nav(p, 'heatmap', 'heatmap') },
  { name: 'dashboard', open: (p) => nav(p, 'dashboard', 'dashboard') },
  { name: 'reviews', open: (p) => nav(p, 'reviews', 'view-reviews') },
  { name: 'audit', open: (p) => nav(p, 'audit', 'chain-check') },
  { name: 'snapshots', open: (p) => nav(p, 'snapshots', 'view-snapshots') },
  { name: 'controls', open: (p) => nav(p, 'controls', 'controls-view') },
  { name: 'objectives', open: (p) => nav(p, 'objectives', 'objectives-view') },
  { name: 'settings-categories', open: (p) => nav(p, 'categories', 'view-categories') },
  { name: 'settings-band-key', open: (p) => nav(p, 'band-key', 'view-band-key') },
  {
    name: 'import-wizard',
    async open(p) {
      await nav(p, 'register', 'risk-table');
      await p.getByTestId('open-import').click();
      await p.getByTestId('import-choose').waitFor();
    },
  },
  {
    name: 'new-risk',
    async open(p) {
      await nav(p, 'register', 'risk-table');
      await p.getByTestId('new-risk').click();
      await p.getByTestId('new-risk-dialog').waitFor();
    },
  },
];

/** Back to a plain register: close any dialog and the panel. */
export async function reset(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const open = await page.locator('[role="dialog"], [data-testid="risk-panel"]').count();
    if (open === 0) break;
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('nav-register').click();
}
