/** What the exports use from the printed-registers module (src/modules/registers-print): columns, rows, PDF. */
export { REGISTER_COLUMNS, type RegisterColumn, type RegisterRow } from '../registers-print/register-columns';
export { RegisterRowSource, type RegisterHeading, type RegisterQuery } from '../registers-print/register-rows.source';
export { RegisterPdfRenderer } from '../registers-print/register-pdf.renderer';
