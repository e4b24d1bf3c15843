// The @nestjs/swagger CLI plugin's reading of the DTOs and controllers (property types,
// optionality, class-validator constraints), written as a TypeScript module the document
// loads: the build is plain tsc, which runs no compiler plugins. Usage: node <this> [outputDir]
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
const path = require('node:path');

const source = path.resolve('apps/account-service/src/openapi');
new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ introspectComments: true, classValidatorShim: true, pathToSource: source })],
  outputDir: path.resolve(process.argv[2] ?? source),
  filename: 'openapi-plugin-metadata.ts',
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});
