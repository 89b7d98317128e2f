import { Module } from '@nestjs/common';
import { DefaultSignatureProvider } from './default-signature-provider';
import { PdfWorkPool } from './pdf-work/pdf-work-pool';
import { SIGNATURE_PROVIDER } from './signature-provider';
import { SignatureVerifier } from './signature-verifier.service';
import { SigningImagesService } from './signing-images.service';
import { SigningKeyAdminService } from './signing-key-admin.service';
import { SigningKeyStore } from './signing-key-store';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysController],
  providers: [
    SigningKeysService, SigningKeyStore, SigningKeyAdminService, SigningImagesService,
    SignatureVerifier, DefaultSignatureProvider, { provide: SIGNATURE_PROVIDER, useExisting: DefaultSignatureProvider },
    // Rendering and signing in-thread, or on PDF_WORKERS worker threads (see defaultPoolOptions).
    { provide: PdfWorkPool, useFactory: () => new PdfWorkPool() },
  ],
  exports: [SigningKeysService, SignatureVerifier, SIGNATURE_PROVIDER, PdfWorkPool],
})
export class SigningModule {}
