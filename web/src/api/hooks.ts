import { useQuery } from '@tanstack/react-query';
import { ApiError, api, call, jsonRequest, tokens } from './client';
import type { Department, DocumentType, InboxItem, User, WorkItem, Worklist } from './types';

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'], staleTime: 60_000, enabled: !!tokens.access,
    queryFn: async () => (await call(api.GET('/api/v1/departments', { params: { query: { pageSize: 100 } as never } }))) as unknown as { items: Department[] },
    select: (d) => d.items,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: ['users'], staleTime: 60_000, enabled: !!tokens.access,
    queryFn: async () => (await call(api.GET('/api/v1/users', { params: { query: { pageSize: 100 } as never } }))) as unknown as { items: User[] },
    select: (d) => d.items,
  });
}

export function useDocumentTypes() {
  return useQuery({
    queryKey: ['document-types'], staleTime: Infinity,
    queryFn: async () => (await call(api.GET('/api/v1/document-types'))) as unknown as DocumentType[] | { items: DocumentType[] },
    select: (d) => (Array.isArray(d) ? d : d.items),
  });
}

/** Names for ids shown on screens (history, lines, senders). */
export function useNames() {
  const users = useUsers().data ?? [];
  const depts = useDepartments().data ?? [];
  const u = new Map(users.map((x) => [x.id, x.fullName]));
  const d = new Map(depts.map((x) => [x.id, x.name]));
  return { user: (id?: string | null) => (id ? u.get(id) ?? '—' : '—'), dept: (id?: string | null) => (id ? d.get(id) ?? '—' : '—') };
}

const ACTION_LABEL: Record<string, string> = {
  handle: 'Thực hiện', register: 'Vào sổ', direct: 'Chỉ đạo xử lý', receive: 'Tiếp nhận', assign: 'Giao xử lý', complete: 'Hoàn thành',
  acknowledge: 'Đã xem', review: 'Duyệt', approve: 'Duyệt', sign: 'Ký số', issue: 'Ban hành', revise: 'Sửa dự thảo', edit: 'Sửa dự thảo',
  report: 'Báo cáo hoàn thành', accept: 'Nghiệm thu', progress: 'Cập nhật tiến độ', decide_extension: 'Duyệt gia hạn',
};

function fromInbox(items: InboxItem[]): Worklist {
  const mapped: WorkItem[] = items.map((i) => ({
    ...i, actionLabel: ACTION_LABEL[i.action] ?? i.action, reference: null, from: null, role: null,
  }));
  const count = (k: WorkItem['kind']) => mapped.filter((i) => i.kind === k).length;
  return {
    items: mapped, nextCursor: null,
    counts: { incoming: count('incoming'), outgoing: count('outgoing'), task: count('task'), overdue: mapped.filter((i) => i.overdue).length, total: mapped.length },
  };
}

let worklistMissing = false;

/**
 * The caller's work: GET /worklist (API.md "Worklist v2"); while that route is not deployed (404), the same shape
 * built from GET /inbox. The only place the screens read work items from.
 */
export function useWorklist(scope: 'mine' | 'department' = 'mine') {
  return useQuery({
    queryKey: ['worklist', scope],
    refetchInterval: 60_000,
    queryFn: async (): Promise<Worklist> => {
      try {
        if (!worklistMissing) return await jsonRequest<Worklist>('GET', `/worklist?scope=${scope}&limit=100`);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        worklistMissing = true;
      }
      const inbox = await jsonRequest<InboxItem[] | { items: InboxItem[] }>('GET', '/inbox');
      return fromInbox(Array.isArray(inbox) ? inbox : inbox.items);
    },
  });
}
