#!/bin/bash
# Ceremony's deb post-install (electron-builder fills in the ${…} names): what electron-builder's
# own script does (the sandbox helper's permissions, the desktop launcher), plus the `ceremony`
# command: a wrapper that runs the app binary as the command line (`--cli`), with no window.
set -e
APP="/opt/${sanitizedProductName}/${executable}"
if [ -f "/opt/${sanitizedProductName}/chrome-sandbox" ]; then
  chmod 4755 "/opt/${sanitizedProductName}/chrome-sandbox" || true
fi
ln -sf "$APP" "/usr/bin/${executable}-app"
cat > /usr/bin/ceremony <<WRAPPER
#!/bin/sh
exec "$APP" --cli "\$@"
WRAPPER
chmod 755 /usr/bin/ceremony
if hash update-mime-database 2>/dev/null; then update-mime-database /usr/share/mime || true; fi
if hash update-desktop-database 2>/dev/null; then update-desktop-database /usr/share/applications || true; fi
