import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Password rules (OWASP ASVS 5, V6.2): at least 12 characters, up to 128 (any Unicode, spaces included), not a common or
 * breached password, not built on the username. No composition rules (no "one digit, one symbol").
 * Pure functions: used by account creation, password change, admin reset and the production bootstrap check.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'control_characters' | 'too_repetitive' | 'common' | 'contains_username';
  message: string;
}

let commonList: Set<string> | null = null;

/** assets/passwords above this file, from src/ (Jest, ts-node) and dist/src/ (compiled) alike. */
function commonListFile(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'assets', 'passwords', 'common-passwords.txt.gz');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`assets/passwords/common-passwords.txt.gz not found above ${__dirname}`);
    dir = path.dirname(dir);
  }
}

export function commonPasswords(): Set<string> {
  commonList ??= new Set(gunzipSync(readFileSync(commonListFile())).toString('utf8').split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean));
  return commonList;
}

/** Lower case, NFC, without Vietnamese diacritics (đ → d), so "Tân Bình" and "tan binh" compare equal. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().normalize('NFC');
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '3': 'e', '$': 's', '5': 's', '7': 't', '!': 'i', '1': 'i' };

/** The guessable cores of a password: itself, without leading/trailing digits and symbols, and with leet undone. */
function cores(folded: string): string[] {
  const stripped = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const out = new Set([folded, stripped, folded.replace(/\s+/g, '')]);
  for (const c of [...out]) {
    out.add([...c].map((ch) => LEET[ch] ?? ch).join('').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
    out.add([...c].map((ch) => (ch === '1' ? 'l' : LEET[ch] ?? ch)).join('').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
  }
  return [...out].filter((c) => c.length > 0);
}

function isCommon(folded: string): boolean {
  const list = commonPasswords();
  if (list.has(folded)) return true;
  // A listed word padded with digits or symbols ("password1234", "P@ssw0rd2025!") is as guessable as the word.
  return cores(folded).some((c) => c.length >= 4 && list.has(c));
}

function usernameParts(username: string): string[] {
  const u = fold(username);
  return [u, ...u.split(/[._\-@\s]+/)].filter((p) => p.length >= 4);
}

export function checkPassword(password: string, username?: string | null): PasswordProblem[] {
  const chars = [...password];
  const problems: PasswordProblem[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(password)) {
    problems.push({ code: 'control_characters', message: 'Mật khẩu không được chứa ký tự điều khiển (như ký tự NUL, xuống dòng, tab).' });
  }
  if (chars.length < PASSWORD_MIN_LENGTH) {
    problems.push({ code: 'too_short', message: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự (hiện có ${chars.length}). Nên dùng một cụm từ dễ nhớ.` });
  }
  if (chars.length > PASSWORD_MAX_LENGTH) {
    problems.push({ code: 'too_long', message: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.` });
  }
  if (problems.length) return problems;
  const folded = fold(password);
  if (new Set(chars).size < 4 || /^\s*$/.test(password)) {
    problems.push({ code: 'too_repetitive', message: 'Mật khẩu lặp lại quá ít ký tự khác nhau; hãy dùng một cụm từ khó đoán hơn.' });
  } else if (isCommon(folded)) {
    problems.push({ code: 'common', message: 'Mật khẩu này nằm trong danh sách mật khẩu phổ biến hoặc đã bị lộ; hãy chọn mật khẩu khác.' });
  }
  if (username && usernameParts(username).some((p) => folded.includes(p))) {
    problems.push({ code: 'contains_username', message: 'Mật khẩu không được chứa tên đăng nhập.' });
  }
  return problems;
}
