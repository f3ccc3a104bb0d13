/**
 * A file that cannot be imported at all (no usable header, too large): an AppError whose message is the notice in
 * English (the CLI, the API's `message`) and which keeps the notice, so the import job can record it for the
 * screens to render in the reader's language.
 */
import { AppError, type ErrorCode } from '../shared/errors.js';
import type { Notice } from '../shared/notice.js';
import { noticeText } from '../shared/notice-text.js';

export class FileError extends AppError {
  constructor(
    override readonly notice: Notice,
    code: ErrorCode = 'VALIDATION',
    field?: string,
  ) {
    super(code, noticeText(notice, 'en'), field, notice);
  }
}
