import { ServiceConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { Logger } from '@nestjs/common';
import { createProjector } from './projector.app';

async function main(): Promise<void> {
  const app = await createProjector();
  const { httpHost, projectorHttpPort } = app.get<ServiceConfig>(CONFIG);
  await app.listen(projectorHttpPort, httpHost);
  // The address bound, not the one configured: port 0 takes a free one.
  new Logger('Projector').log(`Projecting the events topic into the read model; health and metrics on ${await app.getUrl()}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
