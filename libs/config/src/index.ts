export * from './auth-config';
export * from './env-reader';
export * from './service-config';
