import { sortedConversations } from '../state.js';
import { Avatar } from './Avatar.jsx';
import { Modal } from './Modal.jsx';
import { namespace } from '../i18n.js';
import dialogsCatalogue from '../locales/dialogs.js';

const t = namespace('dialogs', dialogsCatalogue);

/** Picks the conversation a message is forwarded to. */
export function ForwardDialog({ state, onPick, onClose }) {
  const list = sortedConversations(state);
  return (
    <Modal id="forward-dialog" title={t('forwardTo')} onClose={onClose}>
      <ul class="forward-list">
        {list.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              class="forward-target"
              data-testid="forward-target"
              data-conversation-id={c.id}
              onClick={() => onPick(c)}
            >
              <Avatar id={c.id} name={c.title} group={c.kind === 'group'} lookup={false} size={32} />
              <span>{c.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
