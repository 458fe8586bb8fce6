#!/bin/sh
# Draws assets/icon.png (256x256): a speech bubble with an opening quotation mark, on a
# rounded square in the schema's first speaker colour. Needs ImageMagick 6 (`convert`).
# Run from the repository's root: sh assets/make-icon.sh
set -eu
convert -size 256x256 xc:none \
  -fill '#1f77b4' -draw 'roundrectangle 8,8 247,247 48,48' \
  -fill white -draw 'roundrectangle 36,44 220,176 36,36' \
  -fill white -draw 'polygon 70,170 62,222 118,172' \
  -fill '#ff7f0e' \
  -draw 'circle 96,104 96,126' -draw 'polygon 74,106 96,126 84,146 70,150 86,130' \
  -draw 'circle 156,104 156,126' -draw 'polygon 134,106 156,126 144,146 130,150 146,130' \
  -strip PNG32:assets/icon.png
