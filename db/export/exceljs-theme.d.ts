/** exceljs's Office theme part (a string of XML), reused as the summary workbook's theme1.xml. */
declare module 'exceljs/lib/xlsx/xml/theme1.js' {
  const xml: string;
  export default xml;
}
