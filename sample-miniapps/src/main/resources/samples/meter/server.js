// Meter reading: `/meter` posts a card asking for a photo of the meter. Its button opens the
// person's picker (the camera on a phone); the photo reaches `photo` as event.files, with the time
// it was sent. The app reads its first bytes to tell what it got, and answers with a card that
// shows the photo to the conversation, labelled with that time.

export async function ask(event, ctx) {
  await parley.cards.post({
    card: {
      title: "Meter reading",
      text: "Please send a photo of your meter, with the numbers readable.",
      buttons: [{ id: "photo", label: "Send a photo", type: "request_file", accept: "image/*" }],
    },
  });
  return {};
}

export async function photo(event, ctx) {
  const file = (event.files || [])[0];
  if (!file) {
    return { text: "No photo arrived." };
  }
  const head = await parley.files.read({ id: file.id, length: 16 });
  return {
    card: {
      title: "Meter reading received",
      text: "Thank you! We received your photo, sent at " + file.sentAt + ".",
      fields: [
        { label: "File", value: file.name },
        { label: "Size", value: kilobytes(file.size) },
        { label: "Format", value: format(atob(head.data)) },
        { label: "Checksum", value: file.sha256.slice(0, 12) },
      ],
      files: [{ attachmentId: file.id }],
    },
  };
}

function kilobytes(n) {
  return n < 1024 ? n + " B" : Math.round(n / 1024) + " KB";
}

/** What the first bytes say the photo is. */
function format(bytes) {
  if (bytes.startsWith("\u00ff\u00d8\u00ff")) return "JPEG";
  if (bytes.startsWith("\u0089PNG")) return "PNG";
  if (bytes.startsWith("RIFF") && bytes.slice(8, 12) === "WEBP") return "WebP";
  if (bytes.startsWith("GIF8")) return "GIF";
  return "an image";
}
