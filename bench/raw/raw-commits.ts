import { Document } from 'mongodb';
import { readFileSync } from 'node:fs';

/**
 * Real commits the service stored (a registration and an update, with their sealed events),
 * which the raw chains write again with another customer, version and id: the same documents,
 * byte for byte the same size, without any of the service's code making them.
 */
export interface SampleCommits {
  registration: Document;
  update: Document;
}

export function readSampleCommits(path: string): SampleCommits {
  return JSON.parse(readFileSync(path, 'utf8')) as SampleCommits;
}

/** `sample` as customer `customerId`'s commit at `version`, with id `id`, marked for the outbox. */
export function commitLike(sample: Document, id: string, customerId: string, version: number): Document {
  return {
    ...sample,
    _id: id,
    customerId,
    firstVersion: version,
    lastVersion: version,
    committedAt: new Date(),
    events: (sample.events as Document[]).map((event) => ({ ...event, customerId, version })),
    publication: 'pending',
  };
}
