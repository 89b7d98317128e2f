import { checkPassword } from '../../common/auth/password-policy';
import { DomainError } from '../../common/errors/domain-error';

/** 400 VALIDATION_FAILED listing every rule the password breaks, each with a Vietnamese message saying what to fix. */
export function assertAcceptablePassword(password: string, username: string, field: string): void {
  const problems = checkPassword(password, username);
  if (!problems.length) return;
  throw new DomainError('VALIDATION_FAILED', `Mật khẩu chưa đạt yêu cầu: ${problems.map((p) => p.message).join(' ')}`,
    problems.map((p) => ({ field, message: p.message, rule: p.code })));
}
