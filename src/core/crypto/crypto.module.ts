import { Global, Module } from '@nestjs/common';
import { SealerService } from './sealer.service';

@Global()
@Module({ providers: [SealerService], exports: [SealerService] })
export class CryptoModule {}
