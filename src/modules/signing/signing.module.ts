import { Module } from '@nestjs/common';
import { DefaultSignatureProvider } from './default-signature-provider';
import { SIGNATURE_PROVIDER } from './signature-provider';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysController],
  providers: [SigningKeysService, DefaultSignatureProvider, { provide: SIGNATURE_PROVIDER, useExisting: DefaultSignatureProvider }],
  exports: [SigningKeysService, SIGNATURE_PROVIDER],
})
export class SigningModule {}
