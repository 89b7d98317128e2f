import { checkPassword, fold } from './password-policy';

const codes = (p: string, username?: string) => checkPassword(p, username).map((x) => x.code);

describe('password policy (ASVS 5)', () => {
  it.each([
    ['12345678', 'too_short'],
    ['password1234', 'common'],
    ['P@ssw0rd2025!', 'common'],
    ['qwertyuiop12', 'common'],
    ['iloveyou2025!', 'common'],
    ['MatKhau@2025', 'common'],
    [' '.repeat(8), 'too_short'],
    ['\0'.repeat(8), 'control_characters'],
    ['\0'.repeat(12), 'control_characters'],
    [' '.repeat(12), 'too_repetitive'],
    ['aaaaaaaaaaaaaaa', 'too_repetitive'],
    ['x'.repeat(129), 'too_long'],
  ])('refuses %j (%s)', (password, code) => {
    expect(codes(password)).toContain(code);
  });

  it('accepts 12 to 128 characters of any kind, spaces and Vietnamese included, without composition rules', () => {
    expect(codes('Hoa-Sen-No#2025!')).toEqual([]);
    expect(codes('con mèo trèo cây cau')).toEqual([]);
    expect(codes('k'.repeat(60) + 'hôm nay trời đẹp' + 'z'.repeat(52))).toEqual([]);
    expect(codes('Demo-TanBinh@2025')).toEqual([]);
  });

  it('refuses a password containing the username, ignoring case and diacritics', () => {
    expect(codes('Chutich.TB-2025xyz', 'chutich.tb')).toContain('contains_username');
    expect(codes('hôm nay Vănthư vui', 'vanthu.kt')).toContain('contains_username');
    expect(codes('hôm nay trời đẹp quá', 'vanthu.kt')).toEqual([]);
    expect(fold('Đặng Thị Hoà')).toBe('dang thi hoa');
  });

  it('every problem carries a Vietnamese message saying what to fix', () => {
    for (const p of checkPassword('12345678')) expect(p.message).toMatch(/ít nhất 12 ký tự/);
  });
});
