import qrcode from 'qrcode-generator';

/** A QR code drawn as an SVG of dark modules (qrcode-generator). */
export function QrCode({ text, label, testId = 'qr-code' }) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const cells = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.isDark(r, c)) cells.push(`M${c + 4} ${r + 4}h1v1h-1z`);
  }
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${n + 8} ${n + 8}`}
      width="200"
      height="200"
      data-testid={testId}
    >
      <rect width={n + 8} height={n + 8} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
