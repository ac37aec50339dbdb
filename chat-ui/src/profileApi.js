// Profile, account security and presence routes (docs/api.md "Profiles", "Account security"), over
// the messenger's API client.

const enc = encodeURIComponent;

/** The profile routes over `api` (the client of api.js). */
export function profileApi(api) {
  const r = api.request;
  return {
    me: () => r('GET', '/api/me'),
    update: (patch) => r('PATCH', '/api/me', patch),
    rename: (username) => r('PUT', '/api/me/username', { username }),
    /** Uploads a picture (a Blob); the crop square is in the picture's upright pixels. */
    setAvatar: (blob, crop) => {
      const q = crop ? `?x=${crop.x}&y=${crop.y}&size=${crop.size}` : '';
      return r('PUT', `/api/me/avatar${q}`, blob, { raw: true });
    },
    removeAvatar: () => r('DELETE', '/api/me/avatar'),
    person: (id) => r('GET', `/api/people/${enc(id)}`),
    changePassword: (currentPassword, newPassword) => r('POST', '/api/me/password', { currentPassword, newPassword }),
    sessions: () => r('GET', '/api/me/sessions'),
    endSession: (id) => r('DELETE', `/api/me/sessions/${enc(id)}`),
    signOutOthers: () => r('POST', '/api/me/sessions/sign-out-others', {}),
    twoFactor: () => r('GET', '/api/me/two-factor'),
    beginTwoFactor: () => r('POST', '/api/me/two-factor/setup', {}),
    enableTwoFactor: (code) => r('POST', '/api/me/two-factor/enable', { code }),
    disableTwoFactor: (password) => r('POST', '/api/me/two-factor/disable', { password }),
  };
}
