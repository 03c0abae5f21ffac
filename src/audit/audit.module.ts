import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit endpoint: auditors and admins read the append-only audit log (API role only). */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
