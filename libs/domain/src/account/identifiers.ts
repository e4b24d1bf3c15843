/**
 * Ids as callers send them, written once: a command id (`MS-RequestId`, a Kafka `commandId`)
 * or correlation id is 1 to 128 of these characters; customers and partners are GUIDs.
 */
export const ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';
export const ID = new RegExp(ID_PATTERN);

export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const GUID = new RegExp(GUID_PATTERN);
