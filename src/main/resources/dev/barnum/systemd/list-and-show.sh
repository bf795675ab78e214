# Lists the unit files matching a glob, loaded or not, then shows them by name, in one round trip
# (a glob given to "systemctl show" matches loaded units only). Arguments: the glob, then the
# properties to show. Prints nothing when no unit matches; fails as list-unit-files fails otherwise.
set -f
list=$(systemctl list-unit-files --no-legend --no-pager --type=service "$1" 2>&1)
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
if [ -z "${units# }" ]; then exit 0; fi
# the unit names are systemd's own, split at spaces on purpose; globbing is off (set -f)
# shellcheck disable=SC2086
exec systemctl show --no-pager -p "$2" $units
