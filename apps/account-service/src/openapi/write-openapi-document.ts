import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiDocument } from './openapi-document';

/** Writes openapi.json beside its source, from the built tree: `npm run openapi`. */
async function main() {
  const target = join(process.argv[2] ?? 'apps/account-service/src/openapi', 'openapi.json');
  writeFileSync(target, `${JSON.stringify(await generateOpenApiDocument(), null, 2)}\n`);
  console.log(`wrote ${target}`);
}

void main();
