export * from './eventually';
export * from './fixtures';
export * from './running-system';
export * from './test-environment';
export * from './http-client';
export * from './topic-recorder';
