#!/bin/sh
# voice-clips.sh makes the hall display's recorded voice clips
# (internal/web/static/voice/*.wav): the fallback a display uses when its
# browser has no Chinese speech-synthesis voice (DOMAIN.md Q-3). One clip
# per token of an announcement such as "请 A 零 二 三 号到 5 号窗口办理":
# 请, 号, 到, 号窗口办理 (and 窗口, 办理), the digits 零…九, 十 and 百 for
# window numbers, and the letters A…Z. They are our own output of
# espeak-ng's Mandarin voices, 12 kHz mono 16-bit WAV with the silence
# trimmed, so that clips played one after another sound like one sentence.
# Chinese words are given in pinyin to the "cmn-latn-pinyin" voice: the
# Hanzi dictionary of Debian's espeak-ng 1.51 lacks 请, 号, 到 … and reads
# them as English. Letters go to the "cmn" voice, which says them the way
# a Chinese hall does (A = "ei").
#
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
# Run from the repository root: sh scripts/voice-clips.sh
#
# Display machines: start the browser in kiosk mode with
#   chromium --kiosk --autoplay-policy=no-user-gesture-required https://<server>/display
# so that it may speak without anyone touching the screen first.
set -eu

out=internal/web/static/voice
rate=12000
speed=150
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

clip() { # clip NAME VOICE TEXT
	espeak-ng -v "$2" -s "$speed" -w "$tmp/raw.wav" "$3"
	sox "$tmp/raw.wav" -r "$rate" -c 1 -b 16 "$out/$1.wav" gain -n -1 \
		silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
}

py=cmn-latn-pinyin
clip qing $py "qing3"
clip hao $py "hao4"
clip dao $py "dao4"
clip haochuangkoubanli $py "hao4 chuang1 kou3 ban4 li3"
clip chuangkou $py "chuang1 kou3"
clip banli $py "ban4 li3"
clip shi $py "shi2"
clip bai $py "bai3"
i=0
for d in ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3; do
	clip "d$i" $py "$d"
	i=$((i + 1))
done
for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
	clip "$(echo "$l" | tr 'A-Z' 'a-z')" cmn "$l"
done
echo "$(ls "$out" | wc -l) clips in $out, $(du -sh "$out" | cut -f1)"
