import type { Element } from '@xmldom/xmldom';
import { optText, optToken, reqText, reqToken } from './dom-read';
import { EdxmlError } from './edxml-error';
import { readWireDate, toWireDate } from './edxml-dates';
import type { EdxmlOrgan, EdxmlResponseFor, EdxmlStaffInfo } from './edxml.types';
import { applyExtensions, type ExtensionCollector } from './extensions';
import type { XmlWriter } from './xml-writer';

/** Parts shared by the document and the status packages: agencies, staff, the "response for" block. */

export const ORGAN_ELEMENTS = ['OrganId', 'OrganizationInCharge', 'OrganInCharge', 'OrganName', 'OrganAdd', 'Email', 'Telephone', 'Fax', 'Website'];
export const STAFF_ELEMENTS = ['Department', 'Staff', 'Mobile', 'Email'];
export const RESPONSE_FOR_ELEMENTS = ['OrganId', 'Code', 'PromulgationDate', 'DocumentId'];

const MAX_ORGAN_ID = 50;

export function writeOrgan(w: XmlWriter, parent: Element, name: 'From' | 'To', organ: EdxmlOrgan, field: string, ext: unknown, path: string): void {
  if (!organ || typeof organ !== 'object') throw new EdxmlError('Thiếu thông tin cơ quan', field);
  const id = (organ.organId ?? '').trim();
  if (!id) throw new EdxmlError('Thiếu mã định danh cơ quan (OrganId)', `${field}.organId`);
  if (id.length > MAX_ORGAN_ID) throw new EdxmlError(`Mã định danh cơ quan dài quá ${MAX_ORGAN_ID} ký tự`, `${field}.organId`);
  if (!organ.organName?.trim()) throw new EdxmlError('Thiếu tên cơ quan (OrganName)', `${field}.organName`);
  const e = w.el(parent, name);
  w.leaf(e, 'OrganId', id);
  w.leaf(e, 'OrganizationInCharge', organ.organInCharge);
  w.leaf(e, 'OrganName', organ.organName);
  w.leaf(e, 'OrganAdd', organ.organAdd);
  w.leaf(e, 'Email', organ.email);
  w.leaf(e, 'Telephone', organ.telephone);
  w.leaf(e, 'Fax', organ.fax);
  w.leaf(e, 'Website', organ.website);
  applyExtensions(w, ext, path, e);
}

export function readOrgan(el: Element, path: string, x: ExtensionCollector): EdxmlOrgan {
  x.collect(path, el, ORGAN_ELEMENTS);
  const organ: EdxmlOrgan = { organId: reqToken(el, path, 'OrganId'), organName: reqText(el, path, 'OrganName') };
  const optional: Array<[keyof EdxmlOrgan, string[]]> = [
    ['organInCharge', ['OrganizationInCharge', 'OrganInCharge']], ['organAdd', ['OrganAdd']], ['email', ['Email']],
    ['telephone', ['Telephone']], ['fax', ['Fax']], ['website', ['Website']],
  ];
  for (const [key, names] of optional) {
    const v = optText(el, ...names);
    if (v !== undefined) organ[key] = v;
  }
  return organ;
}

export function writeStaff(w: XmlWriter, parent: Element, staff: EdxmlStaffInfo | undefined, ext: unknown, path: string): void {
  if (!staff) return;
  const e = w.el(parent, 'StaffInfo');
  w.leaf(e, 'Department', staff.department);
  w.leaf(e, 'Staff', staff.staff);
  w.leaf(e, 'Mobile', staff.mobile);
  w.leaf(e, 'Email', staff.email);
  applyExtensions(w, ext, path, e);
}

export function readStaff(el: Element | undefined, path: string, x: ExtensionCollector): EdxmlStaffInfo | undefined {
  if (!el) return undefined;
  x.collect(path, el, STAFF_ELEMENTS);
  const s: EdxmlStaffInfo = {};
  const department = optText(el, 'Department');
  const staff = optText(el, 'Staff');
  const mobile = optText(el, 'Mobile');
  const email = optText(el, 'Email');
  if (department !== undefined) s.department = department;
  if (staff !== undefined) s.staff = staff;
  if (mobile !== undefined) s.mobile = mobile;
  if (email !== undefined) s.email = email;
  return s;
}

/** Dates in ResponseFor are written `yyyy/MM/dd` when the model holds `YYYY-MM-DD`, else as given (foreign value). */
export function writeResponseFor(w: XmlWriter, parent: Element, r: EdxmlResponseFor, field: string, ext: unknown, path: string): void {
  if (!r || typeof r !== 'object') throw new EdxmlError('Thiếu thông tin văn bản được phản hồi', field);
  if (!r.documentId?.trim()) throw new EdxmlError('Thiếu mã văn bản được phản hồi (DocumentId)', `${field}.documentId`);
  if (!r.organId?.trim()) throw new EdxmlError('Thiếu mã định danh cơ quan của văn bản được phản hồi', `${field}.organId`);
  const e = w.el(parent, 'ResponseFor');
  w.leaf(e, 'OrganId', r.organId.trim());
  w.leafAlways(e, 'Code', r.code?.trim());
  const date = /^\d{4}-\d{2}-\d{2}$/.test(r.promulgationDate ?? '') ? toWireDate(r.promulgationDate, `${field}.promulgationDate`) : r.promulgationDate?.trim();
  w.leafAlways(e, 'PromulgationDate', date);
  w.leaf(e, 'DocumentId', r.documentId.trim());
  applyExtensions(w, ext, path, e);
}

export function readResponseFor(el: Element, path: string, x: ExtensionCollector): EdxmlResponseFor {
  x.collect(path, el, RESPONSE_FOR_ELEMENTS);
  const rawDate = optToken(el, 'PromulgationDate') ?? '';
  return {
    organId: reqToken(el, path, 'OrganId'),
    code: optToken(el, 'Code') ?? '',
    promulgationDate: readWireDate(rawDate) ?? rawDate,
    documentId: reqToken(el, path, 'DocumentId'),
  };
}

