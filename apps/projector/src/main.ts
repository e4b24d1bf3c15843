import { ServiceConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { Logger } from '@nestjs/common';
import { createProjector } from './projector.app';

async function main(): Promise<void> {
  const app = await createProjector();
  const { httpHost, projectorHttpPort } = app.get<ServiceConfig>(CONFIG);
  await app.listen(projectorHttpPort, httpHost);
  new Logger('Projector').log(`Projecting the events topic into the read model; health and metrics on http://${httpHost}:${projectorHttpPort}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
