# Lists the unit files matching a glob, loaded or not, then shows them by name, in one round trip
# (a glob given to "systemctl show" matches loaded units only), and with them each unit named after
# the properties that the listing lacks: an expected unit that is not installed is shown too, as
# systemd shows an unknown name (LoadState=not-found). Arguments: the glob, the properties to show,
# then the expected units. Prints nothing when no unit matches and none is expected; fails as
# list-unit-files fails otherwise.
set -f
glob=$1
properties=$2
shift 2
list=$(systemctl list-unit-files --no-legend --no-pager --type=service "$glob" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && [ -n "$list" ]; then
    printf '%s\n' "$list" >&2
    exit "$rc"
fi
# the first word of each line, without a process of its own
units=
while read -r unit rest; do
    units="$units $unit"
done <<LIST
$list
LIST
# the expected units the listing lacks stay as arguments, each a word of its own
for unit do
    shift
    case "$units " in
        *" $unit "*) ;;
        *) set -- "$@" "$unit" ;;
    esac
done
if [ -z "${units# }" ] && [ "$#" -eq 0 ]; then exit 0; fi
# the unit names are systemd's own, split at spaces on purpose; globbing is off (set -f)
# shellcheck disable=SC2086
exec systemctl show --no-pager -p "$properties" $units "$@"
