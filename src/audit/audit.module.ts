import { Module } from '@nestjs/common';
import { AuditAnchors } from './audit-anchors.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Deal and company histories, the ledger-wide audit log, and hash chain verification. */
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditAnchors],
  exports: [AuditService],
})
export class AuditModule {}
