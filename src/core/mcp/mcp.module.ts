import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfigService } from '../config';
import { McpClient } from './mcp-client';
import { SdkMcpClient } from './sdk-mcp-client';

/** Starts and stops the shared client with the application. */
@Injectable()
class McpClientLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(McpClient) private readonly client: McpClient) {}

  async onModuleInit(): Promise<void> {
    if (this.client instanceof SdkMcpClient) await this.client.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client instanceof SdkMcpClient) await this.client.close();
  }
}

/** The one MCP client every domain shares (McpClient is the DI token). */
@Global()
@Module({
  providers: [
    {
      provide: McpClient,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => {
        const logger = new Logger('McpClient');
        return new SdkMcpClient({
          servers: config.all.mcp.servers,
          timeoutMs: config.all.mcp.timeoutMs,
          logger: { log: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
        });
      },
    },
    McpClientLifecycle,
  ],
  exports: [McpClient],
})
export class McpModule {}
