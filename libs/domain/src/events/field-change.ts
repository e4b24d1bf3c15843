/**
 * One field that changed, named by its dotted path inside the profile
 * (`email`, `defaultAddress.city`). An absent old or new value means the field was
 * absent before or is removed now.
 */
export interface FieldChange {
  field: string;
  oldValue?: string;
  newValue?: string;
  /** The values of this personal field were erased: the change happened, what it was is gone. */
  erased?: true;
}
