/** A stored PDF as other modules see it (the row in `files`; the bytes are in the content-addressed store). */
export interface StoredFile {
  id: string;
  organizationId: string;
  sha256: string;
  size: number;
  pageCount: number;
  fileName: string;
  contentType: string;
  createdByUserId: string | null;
  createdAt: Date;
}

/** A multipart request read by FilesService.receiveMultipart: the form fields (and `data` JSON) and the stored file. */
export interface ParsedUpload {
  fields: Record<string, unknown>;
  file: StoredFile | null;
  /** The original .docx a `file` was converted from (only where a route allows Word drafts). */
  source?: StoredFile | null;
}
