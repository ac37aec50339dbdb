import { Upload } from 'tus-js-client';
import { useEffect, useMemo } from 'preact/hooks';
import { createUploads, UPLOAD_ENDPOINT } from './uploads.js';

/**
 * The messenger's upload queue, one per signed-in account: tus-js-client's browser Upload,
 * the session's CSRF token, thumbnails as object URLs; back online, failed uploads go on.
 */
export function useUploads(api, me) {
  const uploads = useMemo(
    () =>
      createUploads({
        // Absolute: tus resolves the Location it is given against the endpoint.
        endpoint: new URL(UPLOAD_ENDPOINT, window.location.origin).href,
        makeUpload: (file, options) => new Upload(file, options),
        csrfToken: () => api.csrfToken,
        accountId: me.id,
        objectUrls: { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) },
      }),
    [api, me.id],
  );
  useEffect(() => {
    const onOnline = () => uploads.resumeAll();
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      uploads.stop();
    };
  }, [uploads]);
  return uploads;
}
