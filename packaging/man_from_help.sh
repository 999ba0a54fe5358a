#!/usr/bin/env bash
# Writes man pages (section 1) from the programs' own --help text, so that
# they always say what the installed programs do:
#   man_from_help.sh OUT_DIR ZBENCH ZBENCH_RIG [ZBENCH_GUI]
# gives zbench.1, zbench-SUBCOMMAND.1 for each subcommand, zbench-rig.1 and,
# when given, zbench-gui.1.
set -euo pipefail
out="$1" zbench="$2" rig="$3" gui="${4:-}"
mkdir -p "$out"
date="$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)"
version="$("$zbench" --version | sed 's/^zbench //')"

# Help text as a preformatted roff block: backslashes doubled, and lines
# that start with . or ' escaped.
roff_block() {
  echo ".nf"
  sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  echo ".fi"
}

page() {  # page NAME SUMMARY HELP_TEXT SEE_ALSO
  local name="$1" summary="$2" help="$3" see="$4" upper
  upper="$(echo "$name" | tr '[:lower:]' '[:upper:]')"
  {
    echo ".TH $upper 1 \"$date\" \"zbench $version\" \"User Commands\""
    echo ".SH NAME"
    echo "$name \\- $summary"
    echo ".SH DESCRIPTION"
    printf '%s\n' "$help" | roff_block
    echo ".SH SEE ALSO"
    echo "$see"
    echo ".PP"
    echo "The guides in /usr/share/doc/zbench (docs/ in the source tree)."
  } >"$out/$name.1"
}

overview="$("$zbench" --help)"
subcommands=()
see="zbench-gui(1), zbench-rig(1)"
while read -r sub summary; do
  [ -n "$sub" ] || continue
  subcommands+=("$sub")
  page "zbench-$sub" "$summary" "$("$zbench" "$sub" --help)" "zbench(1)"
  see="$see, zbench-$sub(1)"
done < <(printf '%s\n' "$overview" | sed -n '/^Subcommands:/,$p' | tail -n +2)
page zbench "speaker impedance, T/S parameters and hum, through an audio interface" "$overview" "$see"
page zbench-rig "the zbench virtual rig as a real-time JACK client" "$("$rig" --help)" "zbench(1)"
if [ -n "$gui" ]; then
  page zbench-gui "impedance, T/S, hum and calibration in a window" "$("$gui" --help)" "zbench(1)"
fi
