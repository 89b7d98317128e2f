/** A package that cannot be built or read. `reason` is Vietnamese and fit to send back in a status 02. */
export class EdxmlError extends Error {
  readonly reason: string;
  /** The model field or XML element at fault, when there is one (e.g. `subject`, `MessageHeader/Code`). */
  readonly field?: string;

  constructor(reason: string, field?: string) {
    super(field ? `${reason} (${field})` : reason);
    this.name = 'EdxmlError';
    this.reason = reason;
    this.field = field;
  }
}
