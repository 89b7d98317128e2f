import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { anchorFromPem, loadCertificates, loadCrls, shippedTrustDir, type TrustAnchor, type TrustStore } from './trust/trust-store';
import { verifyPdf, type VerificationResult } from './verification';

/**
 * Verifies PDF signatures against the deployment's trust store: the shipped national roots (assets/trust), the
 * deployment's own CAs (TRUST_CERTS), offline CRLs (TRUST_CRLS) and, only when TRUST_DEV_CA is on, this
 * deployment's development CA (read from the database, where it is created on first use).
 */
@Injectable()
export class SignatureVerifier implements OnModuleInit {
  private readonly log = new Logger(SignatureVerifier.name);
  private fixed: TrustStore = { anchors: [], crls: [] };
  private devCa: TrustAnchor | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  onModuleInit(): void {
    const anchors = loadCertificates([shippedTrustDir(), ...this.config.trustCertPaths]);
    this.fixed = { anchors, crls: loadCrls(this.config.trustCrlPaths) };
    this.log.log(`Trust store: ${anchors.length} certificates, ${this.fixed.crls.length} CRLs, development CA ${this.config.trustDevCa ? 'trusted' : 'not trusted'}`);
  }

  async verify(pdf: Buffer): Promise<VerificationResult> {
    return verifyPdf(pdf, await this.store());
  }

  private async store(): Promise<TrustStore> {
    if (!this.config.trustDevCa) return this.fixed;
    if (!this.devCa) {
      const [row] = (await this.txHost.tx.query(`SELECT certificate_pem FROM signing_dev_ca WHERE id = 1`)) as { certificate_pem: string }[];
      if (row) this.devCa = anchorFromPem(row.certificate_pem, 'development CA');
    }
    return this.devCa ? { ...this.fixed, anchors: [...this.fixed.anchors, this.devCa] } : this.fixed;
  }
}
