/**
 * FerretDB 1.24 keeps each statement of an `update` command on a SQLite connection of its
 * own until the whole command ends (its handler defers the close inside its loop), and it
 * has 100 connections per database. An update command of about 100 statements then waits
 * forever for a connection it holds itself, and every later request to that database waits
 * behind it. Writes of many statements are therefore sent as several small commands.
 */
export const STATEMENTS_PER_WRITE_COMMAND = 16;

export function inWriteBatches<T>(items: readonly T[], size = STATEMENTS_PER_WRITE_COMMAND): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
