import { Logger } from '@nestjs/common';
import { createProjector } from './projector.app';

async function main(): Promise<void> {
  const app = await createProjector();
  await app.init();
  new Logger('Projector').log('Projecting the events topic into the read model');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
