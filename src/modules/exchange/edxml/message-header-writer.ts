import type { Element } from '@xmldom/xmldom';
import { writeOrgan, writeResponseFor, writeStaff } from './common-parts';
import { parseDocumentId } from './document-id';
import { EdxmlError } from './edxml-error';
import { toWireDate, toWireTimestamp } from './edxml-dates';
import type { EdxmlBusiness, EdxmlDocument } from './edxml.types';
import { applyExtensions } from './extensions';
import type { XmlWriter } from './xml-writer';

/** Writes `MessageHeader` and `TraceHeaderList` (with the legacy `Bussiness` spelling the axis uses). */

function required(value: string | undefined, reason: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new EdxmlError(reason, field);
  return value;
}

function nonNegativeInt(value: number | undefined, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new EdxmlError('Giá trị phải là số nguyên không âm', field);
  return value;
}

export function writeMessageHeader(w: XmlWriter, header: Element, doc: EdxmlDocument): void {
  const ext = doc.extensions;
  const mh = w.el(header, 'MessageHeader');
  writeOrgan(w, mh, 'From', doc.from, 'from', ext, 'MessageHeader/From');
  if (!Array.isArray(doc.to) || doc.to.length === 0) throw new EdxmlError('Gói tin phải có ít nhất một cơ quan nhận (To)', 'to');
  doc.to.forEach((organ, i) => writeOrgan(w, mh, 'To', organ, `to[${i}]`, ext, `MessageHeader/To[${i}]`));

  const code = w.el(mh, 'Code');
  w.leafAlways(code, 'CodeNumber', doc.code?.codeNumber?.trim());
  w.leaf(code, 'CodeNotation', required(doc.code?.codeNotation, 'Thiếu ký hiệu văn bản (CodeNotation)', 'code.codeNotation').trim());
  applyExtensions(w, ext, 'MessageHeader/Code', code);

  const info = w.el(mh, 'PromulgationInfo');
  w.leafAlways(info, 'Place', doc.promulgationInfo?.place);
  w.leaf(info, 'PromulgationDate', toWireDate(doc.promulgationInfo?.promulgationDate, 'promulgationInfo.promulgationDate'));
  applyExtensions(w, ext, 'MessageHeader/PromulgationInfo', info);

  const type = w.el(mh, 'DocumentType');
  if (!Number.isInteger(doc.documentType?.type)) throw new EdxmlError('Mã loại văn bản (Type) phải là số nguyên', 'documentType.type');
  w.leaf(type, 'Type', doc.documentType.type);
  if (doc.documentType.typeDetail !== undefined) {
    if (!Number.isInteger(doc.documentType.typeDetail)) throw new EdxmlError('TypeDetail phải là số nguyên', 'documentType.typeDetail');
    w.leaf(type, 'TypeDetail', doc.documentType.typeDetail);
  }
  w.leafAlways(type, 'TypeName', doc.documentType.typeName);
  applyExtensions(w, ext, 'MessageHeader/DocumentType', type);

  w.leaf(mh, 'Subject', required(doc.subject, 'Thiếu trích yếu văn bản (Subject)', 'subject'));
  w.leaf(mh, 'Content', doc.content);

  const signer = w.el(mh, 'SignerInfo');
  w.leaf(signer, 'Competence', doc.signerInfo?.competence);
  w.leaf(signer, 'Position', doc.signerInfo?.position);
  w.leafAlways(signer, 'FullName', doc.signerInfo?.fullName);
  applyExtensions(w, ext, 'MessageHeader/SignerInfo', signer);

  if (doc.dueDate) w.leaf(mh, 'DueDate', toWireDate(doc.dueDate, 'dueDate'));
  if (Array.isArray(doc.toPlaces) && doc.toPlaces.length > 0) {
    const places = w.el(mh, 'ToPlaces');
    for (const p of doc.toPlaces) w.leafAlways(places, 'Place', p);
    applyExtensions(w, ext, 'MessageHeader/ToPlaces', places);
  }
  writeOtherInfo(w, mh, doc);
  (doc.responseFor ?? []).forEach((r, i) => writeResponseFor(w, mh, r, `responseFor[${i}]`, ext, `MessageHeader/ResponseFor[${i}]`));
  if (doc.steeringType !== undefined) {
    if (!Number.isInteger(doc.steeringType)) throw new EdxmlError('SteeringType phải là số nguyên', 'steeringType');
    w.leaf(mh, 'SteeringType', doc.steeringType);
  }
  const documentId = required(doc.documentId, 'Thiếu mã văn bản (DocumentId)', 'documentId').trim();
  parseDocumentId(documentId);
  w.leaf(mh, 'DocumentId', documentId);
  applyExtensions(w, ext, 'MessageHeader', mh);
}

function writeOtherInfo(w: XmlWriter, mh: Element, doc: EdxmlDocument): void {
  const o = doc.otherInfo;
  const priority = o?.priority ?? 0;
  if (![0, 1, 2, 3, 4].includes(priority)) throw new EdxmlError('Độ khẩn (Priority) phải từ 0 đến 4', 'otherInfo.priority');
  const other = w.el(mh, 'OtherInfo');
  w.leaf(other, 'Priority', priority);
  w.leaf(other, 'SphereOfPromulgation', o?.sphereOfPromulgation);
  w.leaf(other, 'TyperNotation', o?.typerNotation);
  w.leaf(other, 'PromulgationAmount', nonNegativeInt(o?.promulgationAmount, 'otherInfo.promulgationAmount'));
  w.leaf(other, 'PageAmount', nonNegativeInt(o?.pageAmount, 'otherInfo.pageAmount'));
  if (typeof o?.direction === 'boolean') w.leaf(other, 'Direction', o.direction ? 'true' : 'false');
  if (Array.isArray(o?.appendixes)) {
    const list = w.el(other, 'Appendixes');
    for (const a of o.appendixes) w.leafAlways(list, 'Appendix', a);
    applyExtensions(w, doc.extensions, 'MessageHeader/OtherInfo/Appendixes', list);
  }
  applyExtensions(w, doc.extensions, 'MessageHeader/OtherInfo', other);
}

export function writeTraceHeaderList(w: XmlWriter, header: Element, doc: EdxmlDocument): void {
  const ext = doc.extensions;
  const list = w.el(header, 'TraceHeaderList');
  (doc.traceHeaders ?? []).forEach((t, i) => {
    const th = w.el(list, 'TraceHeader');
    w.leaf(th, 'OrganId', required(t?.organId, 'Thiếu mã cơ quan trong TraceHeader', `traceHeaders[${i}].organId`).trim());
    w.leaf(th, 'Timestamp', toWireTimestamp(t.timestamp, `traceHeaders[${i}].timestamp`));
    applyExtensions(w, ext, `TraceHeaderList/TraceHeader[${i}]`, th);
  });
  writeBusiness(w, list, doc.business, ext);
  applyExtensions(w, ext, 'TraceHeaderList', list);
}

function writeBusiness(w: XmlWriter, list: Element, b: EdxmlBusiness, ext: unknown): void {
  const type = b?.businessDocType ?? 0;
  if (![0, 1, 2, 3].includes(type)) throw new EdxmlError('Loại nghiệp vụ (BussinessDocType) phải là 0, 1, 2 hoặc 3', 'business.businessDocType');
  const e = w.el(list, 'Bussiness');
  w.leaf(e, 'BussinessDocType', type);
  w.leaf(e, 'BussinessDocReason', b?.businessDocReason);
  if (b?.documentInfo) {
    const info = w.el(e, 'BussinessDocumentInfo');
    w.leaf(info, 'DocumentInfo', b.documentInfo.documentInfo);
    w.leaf(info, 'DocumentReceiver', b.documentInfo.documentReceiver);
    const receivers = w.el(info, 'ReceiverList');
    (b.documentInfo.receivers ?? []).forEach((r, i) => {
      if (r.receiverType !== 0 && r.receiverType !== 1) throw new EdxmlError('ReceiverType phải là 0 hoặc 1', `business.documentInfo.receivers[${i}]`);
      const re = w.el(receivers, 'Receiver');
      w.leaf(re, 'ReceiverType', r.receiverType);
      w.leaf(re, 'OrganId', required(r.organId, 'Thiếu mã cơ quan nhận', `business.documentInfo.receivers[${i}].organId`).trim());
      applyExtensions(w, ext, `Bussiness/ReceiverList/Receiver[${i}]`, re);
    });
    applyExtensions(w, ext, 'Bussiness/ReceiverList', receivers);
    applyExtensions(w, ext, 'Bussiness/BussinessDocumentInfo', info);
  }
  w.leaf(e, 'DocumentId', b?.documentId?.trim());
  writeStaff(w, e, b?.staffInfo, ext, 'Bussiness/StaffInfo');
  if (b?.paper !== undefined) w.leaf(e, 'Paper', nonNegativeInt(b.paper, 'business.paper'));
  if (b?.replacementInfo) {
    const rl = w.el(e, 'ReplacementInfoList');
    b.replacementInfo.forEach((r, i) => {
      const ri = w.el(rl, 'ReplacementInfo');
      w.leaf(ri, 'DocumentId', required(r.documentId, 'Thiếu mã văn bản bị thay thế', `business.replacementInfo[${i}].documentId`).trim());
      const ids = w.el(ri, 'OrganIdList');
      for (const id of r.organIds ?? []) w.leafAlways(ids, 'OrganId', id.trim());
      applyExtensions(w, ext, `Bussiness/ReplacementInfoList/ReplacementInfo[${i}]`, ri);
    });
    applyExtensions(w, ext, 'Bussiness/ReplacementInfoList', rl);
  }
  applyExtensions(w, ext, 'Bussiness', e);
}
