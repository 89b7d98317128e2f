import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { localDate } from '../../common/time/local-date';
import { IncomingQueriesService } from '../incoming-documents/incoming-queries.service';
import { buildSlipData } from './processing-slip.data';
import { renderProcessingSlip } from './processing-slip.renderer';

/** GET /incoming-documents/:id/processing-slip: whoever may read the document gets its slip (404 otherwise). */
@Injectable()
export class ProcessingSlipService {
  constructor(
    private readonly queries: IncomingQueriesService,
    private readonly db: DataSource,
  ) {}

  async render(actor: Actor, id: string): Promise<{ pdf: Uint8Array; fileName: string }> {
    const orgId = actor.orgId as string;
    if (!orgId) throw new Error('ProcessingSlipService: organization id is required');
    const doc = await this.queries.get(actor, id);
    const [org] = (await this.db.query(`SELECT name, parent_name FROM organizations WHERE id = $1`, [orgId])) as { name: string; parent_name: string | null }[];
    const data = buildSlipData(doc, { name: org.name, parentName: org.parent_name }, (iso) => localDate(new Date(iso), actor.timeZone));
    const pdf = await renderProcessingSlip(data);
    const fileName = `Phieu-giai-quyet-VBDen-${doc.arrivalNumber ?? 'chua-vao-so'}-${doc.symbol}`.replace(/[\\/]+/g, '_');
    return { pdf, fileName: `${fileName}.pdf` };
  }
}
