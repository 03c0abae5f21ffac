import { DynamicModule, Global, Module } from '@nestjs/common';
import { AllConfig } from './config.schema';

/**
 * The validated configuration as an injectable value. Validation happens in main.ts before Nest
 * starts (and in tests through createTestApp), so nothing here can fail half-way through DI.
 */
export abstract class AppConfigService {
  abstract readonly all: AllConfig;
}

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AllConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfigService, useValue: { all: config } }],
      exports: [AppConfigService],
    };
  }
}
