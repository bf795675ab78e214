# Runs several commands at once on a host, and prints the output of each (stdout and stderr merged)
# in turn, each followed by a line "MARKER:EXIT". Arguments: MARKER, then for each command the
# number of its words and its words. No word is ever evaluated: each reaches exec as it was given.
# Every poll of every host runs this, so it starts as few processes as it can: one per command,
# and mktemp, cat and rm for the batch.
marker=$1
shift
d=$(mktemp -d) || exit 125
trap 'rm -rf "$d"' EXIT
trap 'exit 129' HUP INT TERM
i=0
while [ $# -gt 0 ]; do
    n=$1
    shift
    (
        # keep the first n words as the positional parameters, and become that command
        total=$#
        k=0
        for word do
            if [ "$k" -lt "$n" ]; then set -- "$@" "$word"; fi
            k=$((k + 1))
        done
        shift "$total"
        exec "$@"
    ) >"$d/$i" 2>&1 </dev/null &
    eval "p$i=\$!"
    shift "$n"
    i=$((i + 1))
done
j=0
while [ "$j" -lt "$i" ]; do
    eval "wait \"\$p$j\""
    printf '\n%s:%s\n' "$marker" "$?" >>"$d/$j"
    j=$((j + 1))
done
set --
j=0
while [ "$j" -lt "$i" ]; do
    set -- "$@" "$d/$j"
    j=$((j + 1))
done
if [ "$#" -gt 0 ]; then cat "$@"; fi
