import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApprovalEntity } from './approval.entity';

/** Finds approvals by the run they belong to or by their node run. Every query names the org. */
@Injectable()
export class ApprovalLookup {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest approval the run reached (an action run has one). */
  latestOfRun(orgId: string, runIdentifier: string): Promise<ApprovalEntity | null> {
    return this.dataSource.getRepository(ApprovalEntity).findOne({
      where: { orgId, runIdentifier },
      order: { createdAt: 'DESC', nodeRunIdentifier: 'DESC' },
    });
  }

  byNodeRun(orgId: string, nodeRunIdentifier: string): Promise<ApprovalEntity | null> {
    return this.dataSource.getRepository(ApprovalEntity).findOneBy({ orgId, nodeRunIdentifier });
  }
}
