export * from './bearer-token-verifier';
export * from './local-token';
export * from './token-claims';
