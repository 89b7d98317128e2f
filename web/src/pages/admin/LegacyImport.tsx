import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { authFetch, jsonRequest } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Table, Upload } from '../../ui';
import { AdminNav } from './AdminNav';

type Preview = components['schemas']['ImportResponseDto'];
type Committed = components['schemas']['ImportCommitResponseDto'];
type Kind = 'incoming_register' | 'outgoing_register';
interface Values { kind: Kind; sourceUnitName: string; year: string; file?: { originFileObj?: File }[]; scans?: { originFileObj?: File }[] }

/** The fields of each kind of old register, with the words a clerk knows them by (the API's field keys). */
const FIELDS: Record<Kind, [string, string, boolean][]> = {
  incoming_register: [
    ['arrivalNumber', 'Số đến', true], ['arrivalDate', 'Ngày đến', true], ['issuerName', 'Tác giả (cơ quan ban hành)', true],
    ['symbol', 'Số, ký hiệu văn bản', true], ['documentDate', 'Ngày tháng văn bản', true], ['summary', 'Trích yếu nội dung', true],
    ['recipient', 'Đơn vị hoặc người nhận', false], ['documentType', 'Tên loại', false], ['note', 'Ghi chú', false], ['scanFile', 'Tệp đính kèm (bản quét)', false],
  ],
  outgoing_register: [
    ['number', 'Số', false], ['symbol', 'Số, ký hiệu văn bản', true], ['documentDate', 'Ngày tháng văn bản', true],
    ['summary', 'Trích yếu nội dung', true], ['signerName', 'Người ký', false], ['recipient', 'Nơi nhận văn bản', false],
    ['documentType', 'Tên loại', false], ['note', 'Ghi chú', false], ['scanFile', 'Tệp đính kèm (bản quét)', false],
  ],
};

const files = (e: { fileList?: unknown[] } | unknown[]) => (Array.isArray(e) ? e : e?.fileList);

/** Quản trị → Nhập sổ cũ: the registers of the units merged into the ward, checked row by row, then imported. */
export default function LegacyImport() {
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [committed, setCommitted] = useState<Committed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const check = async (withMapping: boolean) => {
    const v = await form.validateFields();
    const file = v.file?.[0]?.originFileObj;
    if (!file) return;
    setBusy(true); setError(null); setCommitted(null);
    try {
      const body = new FormData();
      body.append('data', JSON.stringify({ kind: v.kind, sourceUnitName: v.sourceUnitName.trim(), year: Number(v.year), ...(withMapping ? { mapping } : {}) }));
      body.append('file', file, file.name);
      const scans = v.scans?.[0]?.originFileObj;
      if (scans) body.append('scans', scans, scans.name);
      const res = await authFetch('/imports', { method: 'POST', body });
      const p = (await res.json()) as Preview;
      setPreview(p);
      setMapping(p.mapping);
      setSkipInvalid(false);
    } catch (e) { setError(e); } finally { setBusy(false); }
  };

  const commit = async () => {
    if (!preview) return;
    setBusy(true); setError(null);
    try {
      setCommitted(await jsonRequest<Committed>('POST', `/imports/${preview.id}/commit`, { skipInvalid }));
      qc.invalidateQueries({ queryKey: ['incoming'] });
      qc.invalidateQueries({ queryKey: ['registers'] });
    } catch (e) { setError(e); } finally { setBusy(false); }
  };

  const kind = (preview?.kind ?? 'incoming_register') as Kind;
  const columnOptions = [{ value: '', label: '— Không có —' }, ...(preview?.columns ?? []).map((c) => ({ value: c.letter, label: `Cột ${c.letter}${c.header ? ` — ${c.header}` : ''}` }))];
  const mappingChanged = preview && JSON.stringify(mapping) !== JSON.stringify(preview.mapping);
  return (
    <div className="page">
      <h1 className="page-title">Nhập sổ cũ</h1>
      <AdminNav />
      <p>Nhập sổ đăng ký văn bản (Excel .xlsx hoặc CSV UTF-8) của đơn vị cũ trước sắp xếp. Văn bản giữ nguyên số cũ, vào một sổ riêng mang tên đơn vị cũ,
        tìm được cùng văn bản mới và không vào việc cần làm của ai. Hệ thống kiểm tra từng dòng trước; chỉ nhập khi bạn bấm "Nhập vào sổ".</p>
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'incoming_register', year: String(new Date().getFullYear() - 1) }} disabled={busy}>
          <Space wrap align="start" size="large">
            <Form.Item label="Loại sổ" name="kind" rules={[{ required: true, message: 'Chọn loại sổ' }]}>
              <Select style={{ width: 240 }} options={[{ value: 'incoming_register', label: 'Sổ đăng ký văn bản đến' }, { value: 'outgoing_register', label: 'Sổ đăng ký văn bản đi' }]} />
            </Form.Item>
            <Form.Item label="Đơn vị cũ" name="sourceUnitName" rules={[{ required: true, whitespace: true, message: 'Nhập tên đơn vị cũ, ví dụ Phường Thanh Trì' }]}>
              <Input style={{ width: 280 }} placeholder="Phường Thanh Trì" maxLength={150} />
            </Form.Item>
            <Form.Item label="Năm của sổ" name="year" rules={[{ required: true, pattern: /^20\d\d$/, message: 'Nhập năm, ví dụ 2024' }]}>
              <Input style={{ width: 120 }} inputMode="numeric" maxLength={4} />
            </Form.Item>
          </Space>
          <Space wrap align="start" size="large">
            <Form.Item label="Tệp sổ (.xlsx, .csv)" name="file" valuePropName="fileList" getValueFromEvent={files} rules={[{ required: true, message: 'Chọn tệp sổ cũ' }]}>
              <Upload accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" beforeUpload={() => false} maxCount={1}>
                <Button>Chọn tệp sổ</Button>
              </Upload>
            </Form.Item>
            <Form.Item label="Bản quét (ZIP các tệp PDF, không bắt buộc)" name="scans" valuePropName="fileList" getValueFromEvent={files}>
              <Upload accept=".zip,application/zip" beforeUpload={() => false} maxCount={1}>
                <Button>Chọn tệp ZIP</Button>
              </Upload>
            </Form.Item>
          </Space>
          <div><Button type="primary" loading={busy} onClick={() => check(false)}>Kiểm tra</Button></div>
        </Form>
      </Card>
      <ApiErrorAlert error={error} />
      {committed && (
        <Result status="success" title={`Đã nhập ${committed.imported} văn bản vào "${committed.registerName}"`}
          subTitle={committed.skipped ? `Bỏ qua ${committed.skipped} dòng (đã có trong sổ, hoặc dòng lỗi được bỏ qua).` : 'Không bỏ qua dòng nào.'} />
      )}
      {preview && !committed && (
        <>
          <Alert role="status" style={{ marginBottom: 12 }} type={preview.errorCount ? 'warning' : 'success'} showIcon
            title={`Đọc được ${preview.rows} dòng: ${preview.valid} dòng hợp lệ, ${preview.errorCount} lỗi. Sẽ nhập vào "${preview.registerName}".`}
            description={preview.alreadyImported ? 'Tệp này đã được nhập trước đây: nhập lại sẽ không thêm văn bản nào.' : undefined} />
          <h2>Ghép cột</h2>
          <Table rowKey={(r) => r[0]} size="small" pagination={false} dataSource={FIELDS[kind]} scroll={{ x: 600 }}
            columns={[
              { title: 'Trường', render: (_, [, label, required]) => <>{label}{required ? ' *' : ''}</> },
              { title: 'Cột trong tệp', render: (_, [key, label]) => (
                <Select aria-label={`Cột cho ${label}`} style={{ width: 360 }} value={mapping[key] ?? ''} options={columnOptions}
                  onChange={(value: string) => setMapping((m) => ({ ...m, [key]: value || null }))} />
              ) },
            ]} />
          {mappingChanged && <Button style={{ marginTop: 8 }} loading={busy} onClick={() => check(true)}>Kiểm tra lại với cách ghép này</Button>}
          {preview.scans && (
            <p style={{ marginTop: 12 }}>Bản quét: ghép được {preview.scans.matched} tệp.
              {preview.scans.unmatched.length ? ` Không ghép được: ${preview.scans.unmatched.join(', ')}.` : ''}</p>
          )}
          <h2 style={{ marginTop: 16 }}>Lỗi theo dòng</h2>
          <Table rowKey={(e) => `${e.row}|${e.column}|${e.message}`} size="small" dataSource={preview.errors} pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: 'Không có lỗi: mọi dòng đều hợp lệ.' }} scroll={{ x: 700 }}
            columns={[
              { title: 'Dòng', dataIndex: 'row', width: 80 },
              { title: 'Cột', dataIndex: 'column', width: 260 },
              { title: 'Lỗi', dataIndex: 'message' },
            ]} />
          <Space style={{ marginTop: 16 }} wrap>
            {preview.errorCount > 0 && (
              <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>Bỏ qua các dòng lỗi, chỉ nhập {preview.valid} dòng hợp lệ</Checkbox>
            )}
            <Button type="primary" loading={busy} disabled={preview.valid === 0 || (preview.errorCount > 0 && !skipInvalid) || !!mappingChanged} onClick={commit}>
              Nhập vào sổ
            </Button>
          </Space>
        </>
      )}
    </div>
  );
}
