export * from './platform.module';
export * from './tokens';
export * from './operations/public-route';
export * from './operations/readiness';
export * from './operations/correlation';
export * from './operations/app-logger.module';
export * from './operations/connection-drain';
export * from './operations/infrastructure-failure';
