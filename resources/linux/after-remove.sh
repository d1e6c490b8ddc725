#!/bin/bash
# Ceremony's deb post-remove: the wrappers the post-install made.
rm -f /usr/bin/ceremony "/usr/bin/${executable}-app"
