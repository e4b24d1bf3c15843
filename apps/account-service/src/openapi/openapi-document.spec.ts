import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@app/domain';
import { generateOpenApiDocument } from './openapi-document';
import COMMITTED from './openapi.json';

// The served document is generated from the DTOs and decorators; these fail while the
// committed copy lags behind them. `npm run openapi` regenerates both files.
describe('the OpenAPI document', () => {
  it('is what the DTOs and the controllers’ decorators generate now', async () => {
    expect(JSON.parse(JSON.stringify(await generateOpenApiDocument()))).toEqual(COMMITTED);
  });

  it('rests on plugin metadata read from the DTOs as they are now', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      execFileSync(process.execPath, ['scripts/openapi-plugin-metadata.js', fresh], { stdio: 'pipe' });
      expect(readFileSync(join(fresh, 'openapi-plugin-metadata.ts'), 'utf8')).toBe(
        readFileSync(join(__dirname, 'openapi-plugin-metadata.ts'), 'utf8'),
      );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);

  it('asks a token of every operation but the public ones, and documents 401 wherever it does, and 403 where a role can be refused', () => {
    const operations = Object.entries(COMMITTED.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    const guarded = operations.filter(({ operation }) => operation.security?.length > 0);
    const everyRole = (operation: any) => ROLES.every((role) => operation['x-roles']?.includes(role));
    expect(
      guarded.filter(({ operation }) => !operation.responses['401'] || (!everyRole(operation) && !operation.responses['403'])),
    ).toEqual([]);
    expect(guarded.filter(({ operation }) => !(operation['x-roles']?.length > 0))).toEqual([]);
    expect(
      operations
        .filter(({ operation }) => !(operation.security?.length > 0))
        .map(({ route }) => route)
        .sort(),
    ).toEqual(
      [
        'GET /asyncapi.json',
        'GET /audit/console',
        'GET /audit/console/app.js',
        'GET /audit/public-key',
        'GET /health',
        'GET /health/ready',
        'GET /metrics',
        'GET /openapi.json',
      ].sort(),
    );
  });
});
