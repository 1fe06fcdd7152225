import { type StoredFileView, storedFileSchema } from '@erp/shared/api/files';
import { errorBodySchema } from '@erp/shared/errors';
import { ApiError } from './client';

// Uploads go through XMLHttpRequest, not fetch: only it reports upload progress.

export const fileUrl = (id: string) => `/api/files/${id}`;

export interface Upload {
  done: Promise<StoredFileView>;
  abort: () => void;
}

/** Sends the file's bytes; `onProgress` gets the fraction sent (0–1). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StoredFileView>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const payload = readJson(xhr.responseText);
      if (xhr.status === 201) {
        const parsed = storedFileSchema.safeParse(payload);
        if (parsed.success) return resolve(parsed.data);
      }
      const error = errorBodySchema.safeParse(payload);
      reject(
        error.success
          ? new ApiError(
              xhr.status,
              error.data.error.code,
              error.data.error.message,
              error.data.error.details,
            )
          : new ApiError(xhr.status, 'unexpected_response', `The upload failed (status ${xhr.status}).`),
      );
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          'network',
          'The upload did not reach the server. Check your connection and try again.',
        ),
      );
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
  });
  xhr.open('POST', `/api/files?${new URLSearchParams({ name: file.name })}`);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
