import { handlersFor, WardRouting, type Department, type StaffRole } from './fallback-order';

const departments: Department[] = [
  { id: 'office', name: 'Văn phòng HĐND và UBND', kind: 'office' },
  { id: 'kt', name: 'Phòng Kinh tế', kind: 'department' },
  { id: 'vhxh', name: 'Phòng Văn hóa - Xã hội', kind: 'department' },
];
const staff = (...rows: [string, 'clerk' | 'head', string][]): StaffRole[] => rows.map(([userId, role, departmentId]) => ({ userId, role, departmentId }));

describe('the fallback order: department clerk → department head → Office clerks → Chánh Văn phòng', () => {
  it('takes the department\'s clerks first, and its head only when it has no clerk (not a fallback)', () => {
    const s = staff(['ha', 'clerk', 'kt'], ['kinh', 'head', 'kt'], ['hoa', 'head', 'vhxh'], ['vt', 'clerk', 'office'], ['chanh', 'head', 'office']);
    expect(handlersFor(s, departments, 'kt')).toEqual({ departmentId: 'kt', tier: 'department_clerk', userIds: ['ha'], fallback: false });
    expect(handlersFor(s, departments, 'vhxh')).toEqual({ departmentId: 'vhxh', tier: 'department_head', userIds: ['hoa'], fallback: false });
  });

  it('falls to the Office\'s clerks, then to the Chánh Văn phòng, then to nobody — each a fallback', () => {
    expect(handlersFor(staff(['vt', 'clerk', 'office'], ['chanh', 'head', 'office']), departments, 'vhxh'))
      .toMatchObject({ tier: 'office_clerk', userIds: ['vt'], fallback: true });
    expect(handlersFor(staff(['chanh', 'head', 'office']), departments, 'vhxh')).toMatchObject({ tier: 'chief_of_office', userIds: ['chanh'], fallback: true });
    expect(handlersFor([], departments, 'vhxh')).toMatchObject({ tier: 'nobody', userIds: [], fallback: true });
  });

  it('gives the agency scope (no department) the Office\'s chain; an Office without clerks has fallen to its chief', () => {
    expect(handlersFor(staff(['vt', 'clerk', 'office']), departments, null)).toMatchObject({ departmentId: 'office', tier: 'department_clerk', userIds: ['vt'] });
    expect(handlersFor(staff(['chanh', 'head', 'office']), departments, null)).toMatchObject({ tier: 'chief_of_office', fallback: true });
  });

  it('answers who acts for what, per person, for the worklist and the services alike', () => {
    const ward = new WardRouting(staff(['vt', 'clerk', 'office'], ['ha', 'clerk', 'kt']), departments);
    expect(ward.departmentsHandledBy('vt').sort()).toEqual(['office', 'vhxh']);
    expect(ward.actsFor('vt', null)).toBe(true);
    expect(ward.actsFor('ha', 'vhxh')).toBe(false);
    expect(ward.fallbackDepartments()).toEqual(['vhxh']);
  });
});
