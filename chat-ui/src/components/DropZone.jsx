import { useRef, useState } from 'preact/hooks';
import { dragHasFiles, filesFromTransfer } from '../attachments.js';
import { PaperclipIcon } from './AttachmentIcons.jsx';

/**
 * Files dragged over the conversation: the handlers to spread on its element, and whether files
 * are over it now (for the overlay). Text or links dragged within the page are left alone.
 */
export function useFileDrop(onFiles) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter(e) {
      if (!dragHasFiles(e.dataTransfer)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    },
    onDragOver(e) {
      if (!dragHasFiles(e.dataTransfer)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(e) {
      if (!dragHasFiles(e.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (!depth.current) setOver(false);
    },
    onDrop(e) {
      if (!dragHasFiles(e.dataTransfer)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const files = filesFromTransfer(e.dataTransfer);
      if (files.length) onFiles(files);
    },
  };
  return { over, handlers };
}

export function DropOverlay({ title }) {
  return (
    <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <PaperclipIcon size={32} />
      <span>Drop files to send to {title}</span>
    </div>
  );
}
