import { useState } from 'react';

/**
 * A Sui address as a QR code, for a coordinator who scans it from this screen instead of typing
 * 66 characters. The encoder (`qr`, from the noble family) loads on first use, so the first
 * screen stays light; the code is drawn as an SVG image (the CSP allows data: images only).
 */
export function AddressQr({ value, label }: { value: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const show = async () => {
    setShown(true);
    if (svg) return;
    try {
      const { default: encodeQR } = await import('qr');
      setSvg(encodeQR(value, 'svg', { ecc: 'medium', border: 2 }));
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="qr">
      <button type="button" className="btn btn--small" aria-expanded={shown} onClick={() => (shown ? setShown(false) : void show())}>
        {shown ? 'Hide the QR code' : 'Show as QR code'}
      </button>
      {shown && svg && (
        <img className="qr__image" src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt={`QR code of ${label}: ${value}`} />
      )}
      {shown && failed && <p className="alert alert--error">The QR code could not be drawn ({failed}); copy the address instead.</p>}
    </div>
  );
}
