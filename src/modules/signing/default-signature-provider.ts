import { Injectable } from '@nestjs/common';
import { PdfWorkPool } from './pdf-work/pdf-work-pool';
import type { SignatureProvider, SignRequest } from './signature-provider';
import { SigningKeysService } from './signing-keys.service';

/** Signs with the PKCS#12 key kept (encrypted) in the database for the person or the agency. */
@Injectable()
export class DefaultSignatureProvider implements SignatureProvider {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly pdfWork: PdfWorkPool,
  ) {}

  /** The key is read here (database, decrypted once per process); the signature is computed on the PDF worker pool. */
  async sign(req: SignRequest): Promise<Buffer> {
    const key = await this.keys.keyFor(req.orgId, req.signer);
    return this.pdfWork.sign(req.pdf, key, {
      reason: req.reason, name: req.name, location: req.location, signingTime: req.signingTime, timeZoneOffset: '+07:00',
    });
  }
}
