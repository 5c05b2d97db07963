import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuActions, MenuOptions } from '../../../electron/menu.ts';
import { buildMenuTemplate } from '../../../electron/menu.ts';
import type { MenuCommand } from '../../../shared/contract/index.ts';

function actions() {
  return {
    command: vi.fn<(command: MenuCommand) => void>(),
    newRegister: vi.fn<() => void>(),
    openRegister: vi.fn<() => void>(),
    backupRegister: vi.fn<() => void>(),
    about: vi.fn<() => void>(),
  } satisfies MenuActions;
}

const linux: MenuOptions = { platform: 'linux', isPackaged: true, appName: 'Risk Register' };

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((top) => [top, ...items(Array.isArray(top.submenu) ? top.submenu : [])]);
}
function byId(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const item = items(template).find((i) => i.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
}
function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}
function submenuOf(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const top = template.find((t) => t.label?.replace('&', '') === label);
  return Array.isArray(top?.submenu) ? top.submenu : [];
}

describe('the menu on Windows and Linux', () => {
  it('has File, Edit, View and Help menus with Alt access keys', () => {
    expect(buildMenuTemplate(linux, actions()).map((t) => t.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
  });

  it.each([
    ['new-risk', 'New risk', 'CmdOrCtrl+N'],
    ['new-register', 'New register…', 'CmdOrCtrl+Shift+N'],
    ['open-register', 'Open register…', 'CmdOrCtrl+O'],
    ['quit', 'Quit', 'Ctrl+Q'],
    ['undo', 'Undo', 'CmdOrCtrl+Z'],
    ['redo', 'Redo', 'CmdOrCtrl+Shift+Z'],
    ['find', 'Find…', 'CmdOrCtrl+F'],
    ['view-register', 'Register', 'CmdOrCtrl+1'],
    ['view-heatmap', 'Heatmap', 'CmdOrCtrl+2'],
  ])('%s is labelled "%s" with %s', (id, label, accelerator) => {
    const item = byId(buildMenuTemplate(linux, actions()), id);
    expect(item.label).toBe(label);
    expect(item.accelerator).toBe(accelerator);
  });

  it('sends view and editing commands to the window', () => {
    const a = actions();
    const template = buildMenuTemplate(linux, a);
    for (const id of ['new-risk', 'undo', 'redo', 'find', 'view-register', 'view-heatmap'] as const) {
      click(byId(template, id));
      expect(a.command).toHaveBeenLastCalledWith(id);
    }
    expect(a.command).toHaveBeenCalledTimes(6);
  });

  it('File › Share register… (after Back up) asks the window for the share dialog', () => {
    const a = actions();
    const template = buildMenuTemplate(linux, a);
    const file = submenuOf(template, 'File').map((i) => i.id ?? i.type);
    expect(file.indexOf('share-register')).toBe(file.indexOf('backup') + 1);
    const share = byId(template, 'share-register');
    expect(share.label).toBe('Share register…');
    click(share);
    expect(a.command).toHaveBeenCalledWith('share-register');
    expect(a.backupRegister).not.toHaveBeenCalled();
  });

  it('runs the register dialogs and the About box in the main process', () => {
    const a = actions();
    const template = buildMenuTemplate(linux, a);
    click(byId(template, 'new-register'));
    click(byId(template, 'open-register'));
    click(byId(template, 'backup'));
    click(byId(template, 'about'));
    expect(a.newRegister).toHaveBeenCalledTimes(1);
    expect(a.openRegister).toHaveBeenCalledTimes(1);
    expect(a.backupRegister).toHaveBeenCalledTimes(1);
    expect(a.about).toHaveBeenCalledTimes(1);
    expect(a.command).not.toHaveBeenCalled();
  });

  it('keeps native cut, copy, paste and select all in Edit', () => {
    const roles = submenuOf(buildMenuTemplate(linux, actions()), 'Edit').map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers developer tools only when the app is not packaged', () => {
    const roles = (o: MenuOptions) => items(buildMenuTemplate(o, actions())).map((i) => i.role);
    expect(roles(linux)).not.toContain('toggleDevTools');
    expect(roles(linux)).not.toContain('reload');
    expect(roles({ ...linux, isPackaged: false })).toContain('toggleDevTools');
  });

  it('uses Ctrl+Y for redo on Windows', () => {
    expect(byId(buildMenuTemplate({ ...linux, platform: 'win32' }, actions()), 'redo').accelerator).toBe(
      'Ctrl+Y',
    );
  });
});

describe('the menu on macOS', () => {
  const mac: MenuOptions = { ...linux, platform: 'darwin' };

  it('starts with the app menu holding About and Quit, and has a Window menu', () => {
    const template = buildMenuTemplate(mac, actions());
    expect(template.map((t) => t.label ?? t.role)).toEqual([
      'Risk Register',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'Help',
    ]);
    const appMenu = Array.isArray(template[0]?.submenu) ? template[0].submenu : [];
    expect(appMenu[0]?.label).toBe('About Risk Register');
    expect(appMenu.map((i) => i.role)).toContain('quit');
    expect(items(template).find((i) => i.id === 'quit')).toBeUndefined();
  });
});
