/**
 * Calls of Configurações › Importar: the upload (XMLHttpRequest, for its upload progress; the file goes as the
 * body, as it is) and the jobs' history, progress and errors through the typed client.
 */
import type { ImportEncoding, ImportEntity, ImportFormat } from '../../imports/schemas.js';
import { importsContract } from '../../imports/contract.js';
import type { ResponseOf } from '../../shared/contract.js';
import { apiErrorOf, ApiError, csrfHeaders } from '../api.js';
import { avisa, pathOf } from '../client.js';

export type ImportJob = ResponseOf<typeof importsContract.get>['job'];

export const importKeys = {
  all: ['imports'] as const,
  history: ['imports', 'history'] as const,
  errors: (id: number, page: number) => ['imports', 'errors', id, page] as const,
};

export const importsApi = {
  history: () => avisa.imports.list({ query: { pageSize: 20 } }),
  byRef: (ref: string) => avisa.imports.list({ query: { ref, pageSize: 1 } }).then((r) => r.jobs[0]),
  errors: (id: number, page: number, pageSize: number) => avisa.imports.errors({ params: { id }, query: { page, pageSize } }),
};

const TYPE_OF_FORMAT: Record<ImportFormat, string> = { csv: 'text/csv', json: 'application/json', jsonl: 'application/x-ndjson' };

export interface UploadRequest {
  entity: ImportEntity;
  file: File;
  encoding: ImportEncoding;
  /** Undefined: the server tells it from the file's name. */
  format: ImportFormat | undefined;
  ref: string;
  onBytes: (sent: number, total: number) => void;
}

/** Uploads the file; resolves with the finished job (201), rejects with the API's error. */
export function uploadImport(request: UploadRequest): Promise<ImportJob> {
  const { entity, file, encoding, format, ref } = request;
  const url = pathOf(importsContract.upload, {
    params: { entity },
    query: { name: file.name, encoding, ref, ...(format ? { format } : {}) },
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', format ? TYPE_OF_FORMAT[format] : 'application/octet-stream');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => request.onBytes(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'upload failed'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) resolve((body as { job: ImportJob }).job);
      else reject(apiErrorOf(xhr.status, body, xhr.statusText));
    };
    xhr.send(file);
  });
}
