#!/usr/bin/env bash
# Makes sure ffmpeg and ffprobe are on PATH, installing them (and a font for
# drawtext) with apt-get on Debian/Ubuntu when they are missing.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-ffmpeg: ffmpeg/ffprobe not found; installing with apt-get" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-ffmpeg: no apt-get here. Install FFmpeg 5.1 or newer yourself (https://ffmpeg.org/download.html)" >&2
  echo "ensure-ffmpeg: or point reel at it with REEL_FFMPEG and REEL_FFPROBE" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-ffmpeg: need root (or sudo) to run apt-get install ffmpeg" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends ffmpeg fonts-dejavu-core fontconfig >/dev/null; }; then
  echo "ensure-ffmpeg: apt-get could not install ffmpeg (offline, or no package source?)" >&2
  exit 1
fi
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { echo "ensure-ffmpeg: ffmpeg still missing after install" >&2; exit 1; }
echo "ensure-ffmpeg: $(ffmpeg -hide_banner -version | head -n1)" >&2
