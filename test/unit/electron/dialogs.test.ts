import { describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.ts')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { createDialogs, newRegisterDialogOptions, openRegisterDialogOptions, withRegisterExtension } =
  await import('../../../electron/dialogs.ts');
const { dialog } = fake.module;

const host = { parent: () => null, defaultDir: () => '/home/ann/Documents' };

describe('the register dialogs', () => {
  it('offer .riskregister and .sqlite files, starting in Documents', () => {
    const save = newRegisterDialogOptions('/home/ann/Documents');
    expect(save.defaultPath).toBe('/home/ann/Documents/Risk register.riskregister');
    expect(save.filters).toEqual([{ name: 'Risk registers', extensions: ['riskregister', 'sqlite'] }]);
    const open = openRegisterDialogOptions('/home/ann/Documents');
    expect(open.filters?.[0]).toEqual({ name: 'Risk registers', extensions: ['riskregister', 'sqlite'] });
    expect(open.properties).toEqual(['openFile']);
  });

  it('return null when the user cancels', async () => {
    const dialogs = createDialogs(host);
    await expect(dialogs.chooseNewRegisterPath()).resolves.toBeNull();
    await expect(dialogs.chooseRegisterToOpen()).resolves.toBeNull();
  });

  it('add .riskregister to a new file name typed without an extension', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/ann/Corporate risks' });
    await expect(createDialogs(host).chooseNewRegisterPath()).resolves.toBe(
      '/home/ann/Corporate risks.riskregister',
    );
    expect(withRegisterExtension('/a/b.sqlite')).toBe('/a/b.sqlite');
  });

  it('return the chosen file, in a dialog attached to the window when there is one', async () => {
    const win = { id: 1 };
    dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/srv/shared/council.riskregister'],
    });
    const dialogs = createDialogs({ ...host, parent: () => win as never });
    await expect(dialogs.chooseRegisterToOpen()).resolves.toBe('/srv/shared/council.riskregister');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ title: 'Open register' }),
    );
  });
});

describe('the import and export dialogs', () => {
  it('offer CSV and Excel files to import', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ann/lga.csv'] });
    await expect(createDialogs(host).chooseImportFile()).resolves.toBe('/home/ann/lga.csv');
    const [options] = dialog.showOpenDialog.mock.calls[0] as unknown as [
      { filters: { extensions: string[] }[] },
    ];
    expect(options.filters[0]?.extensions).toEqual(['csv', 'xlsx']);
  });

  it.each(['xlsx', 'csv', 'pdf'] as const)(
    'suggest the export name and keep a .%s extension',
    async (format) => {
      dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/ann/Board pack' });
      const name = `Strategic Risk Register summary 2026-04-01.${format}`;
      await expect(createDialogs(host).chooseExportPath(name, format)).resolves.toBe(
        `/home/ann/Board pack.${format}`,
      );
      const [options] = dialog.showSaveDialog.mock.calls[0] as unknown as [
        { defaultPath: string; filters: unknown },
      ];
      expect(options.defaultPath).toBe(`/home/ann/Documents/${name}`);
      expect(options.filters).toEqual([{ name: expect.any(String), extensions: [format] }]);
    },
  );

  it('return null when an export is cancelled', async () => {
    await expect(createDialogs(host).chooseExportPath('x.pdf', 'pdf')).resolves.toBeNull();
  });
});
