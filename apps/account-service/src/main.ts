import { ServiceConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { createAccountService } from './account-service.app';
import { CONFIG } from '@app/platform';

async function main(): Promise<void> {
  const app = await createAccountService();
  await app.startAllMicroservices();
  const { httpHost, httpPort } = app.get<ServiceConfig>(CONFIG);
  await app.listen(httpPort, httpHost);
  // The address bound, not the one configured: port 0 takes a free one.
  new Logger('AccountService').log(`HTTP on ${await app.getUrl()}, commands topic consumer started`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
