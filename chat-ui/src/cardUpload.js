import { Upload } from 'tus-js-client';
import { uploadCardFile } from './cardFiles.js';
import { UPLOAD_ENDPOINT } from './uploads.js';

/**
 * The browser's upload of a file a card's request_file button asked for: tus-js-client's Upload,
 * the session's CSRF token; `(file, onProgress) => Promise<attachmentId>`.
 */
export function cardUploader(api) {
  return (file, onProgress) =>
    uploadCardFile(file, {
      // Absolute: tus resolves the Location it is given against the endpoint.
      endpoint: new URL(UPLOAD_ENDPOINT, window.location.origin).href,
      makeUpload: (f, options) => new Upload(f, options),
      csrfToken: () => api.csrfToken,
      onProgress,
    });
}
