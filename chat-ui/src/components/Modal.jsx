import { useEffect, useRef } from 'preact/hooks';
import { CloseIcon } from './Icons.jsx';
import { namespace } from '../i18n.js';
import dialogsCatalogue from '../locales/dialogs.js';

const t = namespace('dialogs', dialogsCatalogue);

/**
 * A modal on the native <dialog>: the browser traps focus inside, closes on Escape, makes
 * the rest of the page inert and gives focus back to the opener on close.
 */
export function Modal({ id, title, description, onClose, children, wide = false }) {
  const ref = useRef(null);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      // Replaced by another dialog: close quietly (the close event arrives after unmount).
      mounted.current = false;
      if (d && d.open) d.close();
    };
  }, []);
  const close = () => ref.current?.close();
  return (
    <dialog
      ref={ref}
      id={id}
      data-testid={id}
      class={`modal${wide ? ' wide' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onClose={() => {
        if (mounted.current) onClose();
      }}
      onMouseDown={(e) => {
        // A press on the backdrop (the dialog element itself, outside the body) closes it.
        if (e.target === ref.current) close();
      }}
    >
      <div class="modal-body">
        <header class="modal-header">
          <h2 id={`${id}-title`}>{title}</h2>
          <button type="button" class="icon-button" aria-label={t('close')} data-testid={`${id}-close`} onClick={close}>
            <CloseIcon />
          </button>
        </header>
        {description && (
          <p class="muted modal-description" id={`${id}-description`}>
            {description}
          </p>
        )}
        {children}
      </div>
    </dialog>
  );
}
