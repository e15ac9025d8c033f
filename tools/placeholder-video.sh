#!/usr/bin/env bash
# Make the placeholder clip and its poster that stand in for a city's DGS videos.
#
#   tools/placeholder-video.sh DIR [SECONDS] [WIDTHxHEIGHT]
#
# writes DIR/platzhalter.webm (VP9, no sound, 10 frames per second) and DIR/platzhalter.png
# (its first frame). The sample content was made with
#   tools/placeholder-video.sh content/media/gebaerdensprache 15 480x270
# and the test fixtures with
#   tools/placeholder-video.sh tests/fixtures/site/media/gebaerdensprache 4 160x90
#   tools/placeholder-video.sh tests/fixtures/catalogue/media 4 160x90
# With the same ffmpeg (5.1 of Debian 12) and font (fonts-dejavu-core) the files come out byte
# for byte the same: one encoder thread, no time stamps or encoder names in the files.
set -euo pipefail
dir=${1:?usage: tools/placeholder-video.sh DIR [SECONDS] [WIDTHxHEIGHT]}
seconds=${2:-15}
size=${3:-480x270}
height=${size#*x}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
bold=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
big=$((height * 4 / 27))
small=$((height * 2 / 27))
text="drawtext=fontfile=$bold:text='Platzhalter –':fontcolor=white:fontsize=$big:x=(w-text_w)/2:y=h*2/9"
text="$text,drawtext=fontfile=$font:text='hier steht das DGS-Video der Stadt':fontcolor=white:fontsize=$small:x=(w-text_w)/2:y=h*12/27"
text="$text,drawtext=fontfile=$font:text='%{eif\:t\:d} s':fontcolor=white:fontsize=$small:x=(w-text_w)/2:y=h*20/27"
mkdir -p "$dir"
exact=(-fflags +bitexact -flags:v +bitexact -map_metadata -1)
ffmpeg -nostdin -loglevel error -y -f lavfi -i "color=c=0x1d4f91:s=$size:r=10:d=$seconds" \
  -vf "$text" -c:v libvpx-vp9 -b:v 0 -crf 45 -row-mt 0 -threads 1 -g 100 -an "${exact[@]}" \
  "$dir/platzhalter.webm"
ffmpeg -nostdin -loglevel error -y -f lavfi -i "color=c=0x1d4f91:s=$size:r=10:d=0.1" \
  -vf "$text" -frames:v 1 "${exact[@]}" "$dir/platzhalter.png"
ls -l "$dir/platzhalter.webm" "$dir/platzhalter.png"
