/**
 * exceljs, loaded on first use. It costs about half a second of module loading (its zip, stream and polyfill
 * dependencies), and most of what the handlers do (a CSV or XLSX import, a list, the summary exports, a PDF) never
 * touches it: only the register workbook (its export and import) and the audit trail's XLSX do. The CLI bundle
 * defers it the same way (build.cli.mjs).
 */
import type ExcelJSModule from 'exceljs';

let loaded: typeof ExcelJSModule | undefined;

/** The exceljs module, loading it the first time. */
export async function loadExcelJS(): Promise<typeof ExcelJSModule> {
  loaded ??= (await import('exceljs')).default;
  return loaded;
}

/** The exceljs module for synchronous code that only runs on a workbook `loadExcelJS` made (so it is loaded). */
export function loadedExcelJS(): typeof ExcelJSModule {
  if (!loaded) throw new Error('exceljs is used before loadExcelJS() loaded it.');
  return loaded;
}
