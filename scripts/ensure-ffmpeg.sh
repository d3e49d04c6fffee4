#!/usr/bin/env bash
# Makes sure what reel needs at run time is installed, checking each need on
# its own and installing only what is missing with apt-get on Debian/Ubuntu:
#   - ffmpeg and ffprobe (FFmpeg 5.1 or newer, with libass);
#   - fontconfig (fc-list: reel measures card text and checks glyphs with it);
#   - fonts libass falls back to through fontconfig, so that text in most
#     scripts draws instead of empty boxes:
#       fonts-dejavu-core      the card font (Latin, Greek, Cyrillic, ...)    ~3 MB
#       fonts-noto-core        Arabic, Hebrew, Devanagari, Thai and most    ~42 MB
#                              other living scripts
#       fonts-droid-fallback   Chinese and Japanese (one 4 MB font;          ~7 MB
#                              fonts-noto-cjk is nicer but 91 MB)
#       fonts-nanum            Korean (Hangul: the Droid fallback has none) ~33 MB
#       fonts-symbola          emoji and symbols as outlines (libass cannot  ~3 MB
#                              draw fonts-noto-color-emoji's bitmaps)
# ffmpeg being present does not skip the fonts: CI installs through this script.
set -euo pipefail

FONT_PACKAGES=(fonts-dejavu-core fonts-noto-core fonts-droid-fallback fonts-nanum fonts-symbola)
# A file of each font package, to see whether it is installed without dpkg.
FONT_FILES=(
  /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
  /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
  /usr/share/fonts/truetype/nanum/NanumGothic.ttf
  /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
)

missing=()
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  missing+=(ffmpeg)
fi
if ! command -v fc-list >/dev/null 2>&1; then
  missing+=(fontconfig)
fi
for i in "${!FONT_PACKAGES[@]}"; do
  if [ ! -e "${FONT_FILES[$i]}" ]; then
    missing+=("${FONT_PACKAGES[$i]}")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "ensure-ffmpeg: installing ${missing[*]} with apt-get" >&2
# give_up stops when FFmpeg itself is missing; without only fonts or
# fontconfig reel still runs (it warns about text it cannot draw).
give_up() {
  echo "ensure-ffmpeg: $1" >&2
  if [[ " ${missing[*]} " == *" ffmpeg "* ]]; then
    echo "ensure-ffmpeg: install FFmpeg 5.1 or newer with libass (https://ffmpeg.org/download.html), or point reel at it with REEL_FFMPEG and REEL_FFPROBE" >&2
    exit 1
  fi
  echo "ensure-ffmpeg: going on without ${missing[*]}: reel warns about text it cannot draw" >&2
  exit 0
}
if ! command -v apt-get >/dev/null 2>&1; then
  give_up "no apt-get here to install ${missing[*]}"
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    give_up "need root (or sudo) to run apt-get install ${missing[*]}"
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  give_up "apt-get could not install ${missing[*]} (offline, or no package source?)"
fi
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { echo "ensure-ffmpeg: ffmpeg still missing after install" >&2; exit 1; }
echo "ensure-ffmpeg: $(ffmpeg -hide_banner -version | head -n1)" >&2
