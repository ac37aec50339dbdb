import { useMemo, useRef, useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/interactive.js';

const t = namespace('interactive', catalogue);

/**
 * What pressing an interactive message's action does in a conversation: an answer is a message
 * of the customer's own (with the reference the server checks), a requested file goes into the
 * attachment tray and carries the reference when sent, a place is asked of the browser first.
 */
export function useInteractiveAnswers({ api, chat, conv, cards, addFiles }) {
  const fileAnswer = useRef(null); // the interactiveReply a file in the tray answers
  const [whyFor, setWhyFor] = useState(null); // the business message whose "why" is open
  const on = useMemo(
    () => ({
      why: api ? (messageId) => setWhyFor(messageId) : null,
      stop: (messageId) => api.stopBusinessMessages(messageId),
      answer: (text, fields) => chat.send(conv.id, text, { fields }),
      openPage: (appId, start) => cards?.onOpenPage?.(appId, start),
      openLink: (url) => cards?.onOpenLink?.(url),
      requestFile(reply, accept) {
        const input = document.createElement('input');
        input.type = 'file';
        if (accept) input.accept = accept;
        input.addEventListener('change', () => {
          if (!input.files?.length) return;
          fileAnswer.current = reply;
          addFiles(input.files);
          chat.notify?.(t('chooseFile'));
        });
        input.click();
      },
      shareLocation(reply) {
        if (!navigator.geolocation) {
          chat.notify?.(t('locationDenied', { reason: 'no geolocation' }));
          return;
        }
        navigator.geolocation.getCurrentPosition(
          (pos) =>
            chat.send(conv.id, '', {
              fields: {
                location: {
                  latitude: pos.coords.latitude,
                  longitude: pos.coords.longitude,
                  accuracyMeters: pos.coords.accuracy,
                },
                interactiveReply: reply,
              },
            }),
          (err) => chat.notify?.(t('locationDenied', { reason: err.message })),
          { enableHighAccuracy: false, timeout: 15_000 },
        );
      },
    }),
    [api, chat, conv.id, cards, addFiles],
  );
  return {
    on,
    whyFor,
    closeWhy: () => setWhyFor(null),
    /** The send fields for the tray's next send: the file request it answers, once. */
    takeFileAnswer() {
      const reply = fileAnswer.current;
      fileAnswer.current = null;
      return reply ? { interactiveReply: reply } : {};
    },
  };
}
