export { canonicalJson, requestFingerprint, uploadFingerprint } from './fingerprint';
export { IdempotencyKey, readIdempotencyKey } from './idempotency-key.decorator';
export { Idempotent, IdempotencyInterceptor, IDEMPOTENCY_API_HEADER } from './idempotency.interceptor';
export { IdempotencyModule } from './idempotency.module';
export { IdempotencyService, IdempotentResult } from './idempotency.service';
