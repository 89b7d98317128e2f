import type { Element } from '@xmldom/xmldom';
import { readOrgan, readResponseFor, readStaff } from './common-parts';
import { child, children, optBool, optInt, optText, optToken, reqElement, reqText, reqToken, textOf } from './dom-read';
import { EdxmlError } from './edxml-error';
import { fromWireDate, fromWireTimestamp } from './edxml-dates';
import type { EdxmlBusiness, EdxmlDocument, EdxmlPriority } from './edxml.types';
import type { ExtensionCollector } from './extensions';

/** Reads `MessageHeader` and `TraceHeaderList`. Both spellings `Bussiness…` (the field's) and `Business…` are read. */

const MH = 'MessageHeader';
const MESSAGE_HEADER_ELEMENTS = ['From', 'To', 'Code', 'PromulgationInfo', 'DocumentType', 'Subject', 'Content', 'SignerInfo', 'DueDate',
  'ToPlaces', 'OtherInfo', 'ResponseFor', 'SteeringType', 'DocumentId'];
const OTHER_INFO_ELEMENTS = ['Priority', 'SphereOfPromulgation', 'TyperNotation', 'PromulgationAmount', 'PageAmount', 'Direction', 'Appendixes'];
const BUSINESS_ELEMENTS = ['BussinessDocType', 'BusinessDocType', 'BussinessDocReason', 'BusinessDocReason', 'BussinessDocumentInfo',
  'BusinessDocumentInfo', 'DocumentId', 'StaffInfo', 'Paper', 'ReplacementInfoList'];

type HeaderPart = Omit<EdxmlDocument, 'traceHeaders' | 'business' | 'attachments' | 'extensions'>;

export function readMessageHeader(mh: Element, x: ExtensionCollector): HeaderPart {
  x.collect(MH, mh, MESSAGE_HEADER_ELEMENTS);
  const to = children(mh, 'To');
  if (to.length === 0) throw new EdxmlError('Gói tin không có cơ quan nhận (To)', `${MH}/To`);
  const code = x.collect(`${MH}/Code`, reqElement(mh, MH, 'Code'), ['CodeNumber', 'CodeNotation']);
  const info = x.collect(`${MH}/PromulgationInfo`, reqElement(mh, MH, 'PromulgationInfo'), ['Place', 'PromulgationDate']);
  const type = x.collect(`${MH}/DocumentType`, reqElement(mh, MH, 'DocumentType'), ['Type', 'TypeDetail', 'TypeName']);
  const signer = x.collect(`${MH}/SignerInfo`, child(mh, 'SignerInfo'), ['Competence', 'Position', 'FullName']);
  const typeNumber = optInt(type, `${MH}/DocumentType`, 'Type');
  if (typeNumber === undefined) throw new EdxmlError('Gói tin thiếu mã loại văn bản (Type)', `${MH}/DocumentType/Type`);

  const result: HeaderPart = {
    from: readOrgan(reqElement(mh, MH, 'From'), `${MH}/From`, x),
    to: to.map((t, i) => readOrgan(t, `${MH}/To[${i}]`, x)),
    code: { codeNumber: optToken(code, 'CodeNumber') ?? '', codeNotation: reqToken(code, `${MH}/Code`, 'CodeNotation') },
    promulgationInfo: {
      place: optText(info, 'Place') ?? '',
      promulgationDate: fromWireDate(reqToken(info, `${MH}/PromulgationInfo`, 'PromulgationDate'), `${MH}/PromulgationInfo/PromulgationDate`),
    },
    documentType: { type: typeNumber, typeName: optText(type, 'TypeName') ?? '' },
    subject: reqText(mh, MH, 'Subject'),
    signerInfo: { fullName: optText(signer, 'FullName') ?? '' },
    toPlaces: [],
    otherInfo: { priority: 0 },
    documentId: reqToken(mh, MH, 'DocumentId'),
  };
  const typeDetail = optInt(type, `${MH}/DocumentType`, 'TypeDetail');
  if (typeDetail !== undefined) result.documentType.typeDetail = typeDetail;
  const content = optText(mh, 'Content');
  if (content !== undefined) result.content = content;
  const competence = optText(signer, 'Competence');
  const position = optText(signer, 'Position');
  if (competence !== undefined) result.signerInfo.competence = competence;
  if (position !== undefined) result.signerInfo.position = position;
  const due = optToken(mh, 'DueDate');
  if (due !== undefined) result.dueDate = fromWireDate(due, `${MH}/DueDate`);
  const places = x.collect(`${MH}/ToPlaces`, child(mh, 'ToPlaces'), ['Place']);
  result.toPlaces = children(places, 'Place').map((p) => textOf(p) ?? '');
  result.otherInfo = readOtherInfo(child(mh, 'OtherInfo'), x);
  const responses = children(mh, 'ResponseFor');
  if (responses.length) result.responseFor = responses.map((r, i) => readResponseFor(r, `${MH}/ResponseFor[${i}]`, x));
  const steering = optInt(mh, MH, 'SteeringType');
  if (steering !== undefined) result.steeringType = steering;
  return result;
}

function readOtherInfo(el: Element | undefined, x: ExtensionCollector): EdxmlDocument['otherInfo'] {
  const path = `${MH}/OtherInfo`;
  x.collect(path, el, OTHER_INFO_ELEMENTS);
  const priority = optInt(el, path, 'Priority') ?? 0;
  if (priority < 0 || priority > 4) throw new EdxmlError(`Độ khẩn (Priority) phải từ 0 đến 4, nhận được ${priority}`, `${path}/Priority`);
  const o: EdxmlDocument['otherInfo'] = { priority: priority as EdxmlPriority };
  const sphere = optText(el, 'SphereOfPromulgation');
  const typer = optText(el, 'TyperNotation');
  const amount = optInt(el, path, 'PromulgationAmount');
  const pages = optInt(el, path, 'PageAmount');
  const direction = optBool(el, 'Direction');
  if (sphere !== undefined) o.sphereOfPromulgation = sphere;
  if (typer !== undefined) o.typerNotation = typer;
  if (amount !== undefined) o.promulgationAmount = amount;
  if (pages !== undefined) o.pageAmount = pages;
  if (direction !== undefined) o.direction = direction;
  const appendixes = x.collect(`${path}/Appendixes`, child(el, 'Appendixes'), ['Appendix']);
  if (appendixes) o.appendixes = children(appendixes, 'Appendix').map((a) => textOf(a) ?? '');
  return o;
}

export function readTraceHeaderList(list: Element | undefined, x: ExtensionCollector): Pick<EdxmlDocument, 'traceHeaders' | 'business'> {
  x.collect('TraceHeaderList', list, ['TraceHeader', 'Bussiness', 'Business']);
  const traceHeaders = children(list, 'TraceHeader').map((t, i) => {
    const path = `TraceHeaderList/TraceHeader[${i}]`;
    x.collect(path, t, ['OrganId', 'Timestamp']);
    return { organId: reqToken(t, path, 'OrganId'), timestamp: fromWireTimestamp(reqToken(t, path, 'Timestamp'), `${path}/Timestamp`) };
  });
  return { traceHeaders, business: readBusiness(child(list, 'Bussiness', 'Business'), x) };
}

function readBusiness(el: Element | undefined, x: ExtensionCollector): EdxmlBusiness {
  const path = 'Bussiness';
  x.collect(path, el, BUSINESS_ELEMENTS);
  const type = optInt(el, path, 'BussinessDocType', 'BusinessDocType') ?? 0;
  if (type < 0 || type > 3) throw new EdxmlError(`Loại nghiệp vụ (BussinessDocType) không hợp lệ: ${type}`, `${path}/BussinessDocType`);
  const b: EdxmlBusiness = { businessDocType: type as EdxmlBusiness['businessDocType'] };
  const reason = optText(el, 'BussinessDocReason', 'BusinessDocReason');
  const documentId = optToken(el, 'DocumentId');
  const paper = optInt(el, path, 'Paper');
  const staff = readStaff(child(el, 'StaffInfo'), `${path}/StaffInfo`, x);
  if (reason !== undefined) b.businessDocReason = reason;
  if (documentId !== undefined) b.documentId = documentId;
  if (paper !== undefined) b.paper = paper;
  if (staff) b.staffInfo = staff;
  const info = child(el, 'BussinessDocumentInfo', 'BusinessDocumentInfo');
  if (info) {
    x.collect(`${path}/BussinessDocumentInfo`, info, ['DocumentInfo', 'DocumentReceiver', 'ReceiverList']);
    const list = x.collect(`${path}/ReceiverList`, child(info, 'ReceiverList'), ['Receiver']);
    const receivers = children(list, 'Receiver').map((r, i) => {
      x.collect(`${path}/ReceiverList/Receiver[${i}]`, r, ['ReceiverType', 'OrganId']);
      const t = optInt(r, `${path}/ReceiverList/Receiver[${i}]`, 'ReceiverType');
      if (t !== 0 && t !== 1) throw new EdxmlError('ReceiverType phải là 0 hoặc 1', `${path}/ReceiverList/Receiver[${i}]`);
      return { receiverType: t, organId: reqToken(r, `${path}/ReceiverList/Receiver[${i}]`, 'OrganId') } as const;
    });
    b.documentInfo = { receivers };
    const documentInfo = optText(info, 'DocumentInfo');
    const receiver = optText(info, 'DocumentReceiver');
    if (documentInfo !== undefined) b.documentInfo.documentInfo = documentInfo;
    if (receiver !== undefined) b.documentInfo.documentReceiver = receiver;
  }
  const replacements = x.collect(`${path}/ReplacementInfoList`, child(el, 'ReplacementInfoList'), ['ReplacementInfo']);
  if (replacements) {
    b.replacementInfo = children(replacements, 'ReplacementInfo').map((r, i) => {
      const at = `${path}/ReplacementInfoList/ReplacementInfo[${i}]`;
      x.collect(at, r, ['DocumentId', 'OrganIdList']);
      return { documentId: reqToken(r, at, 'DocumentId'), organIds: children(child(r, 'OrganIdList'), 'OrganId').map((o) => (textOf(o) ?? '').trim()) };
    });
  }
  return b;
}
