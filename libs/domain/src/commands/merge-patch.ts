import { MergePatch } from './customer-account-command';

/** RFC 7396 JSON merge patch: objects merge, null removes, anything else replaces. */
export function applyMergePatch<T extends object>(target: T, patch: MergePatch<T>): T {
  const result: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const current = result[key];
      result[key] = applyMergePatch(typeof current === 'object' && current !== null ? current : {}, value as object);
    } else if (value !== undefined) result[key] = value;
  }
  return result as T;
}
