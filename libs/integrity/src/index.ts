// Evidence that holds outside the database: signed digests of the streams' heads, the
// anchors verification checks the stored chains against, and signed export manifests.
export * from './digest-store';
export * from './digester';
export * from './export-manifest';
export * from './export-manifest-store';
export * from './signing-keys';
export * from './stream-anchors';
export * from './stream-digest';
export * from './integrity-evidence';
export * from './digest-witness';
export * from './stream-integrity';
export * from './events-topic-witness';
