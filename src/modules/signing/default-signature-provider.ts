import { Injectable } from '@nestjs/common';
import { signPdfIncremental } from './crypto/pades-signer';
import type { SignatureProvider, SignRequest } from './signature-provider';
import { SigningKeysService } from './signing-keys.service';

/** Signs with the PKCS#12 key kept (encrypted) in the database for the person or the agency. */
@Injectable()
export class DefaultSignatureProvider implements SignatureProvider {
  constructor(private readonly keys: SigningKeysService) {}

  async sign(req: SignRequest): Promise<Buffer> {
    const key = await this.keys.keyFor(req.orgId, req.signer);
    return signPdfIncremental(req.pdf, key, {
      reason: req.reason, name: req.name, location: req.location, signingTime: req.signingTime, timeZoneOffset: '+07:00',
    });
  }
}
