package dev.barnum.cli;

import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Instance;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.Shell;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.UnitPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a command would execute on one host, written out instead of run. Reads only local files
 * (circus.ini for endpoints); connects to nothing. The units a host really has are known only by
 * asking it, so the circus commands listed are those of the users whose homes name the host.
 */
final class DryRun {

    private final Homes homes;
    private final UnitPattern units;
    private final CircusctlCommands circusctl;

    DryRun(Homes homes, UnitPattern units, CircusctlCommands circusctl) {
        this.homes = homes;
        this.units = units;
        this.circusctl = circusctl;
    }

    List<String> lines(
            String host,
            Shell shell,
            Inventory inventory,
            Optional<String> onlyUser,
            List<String> circusArgs) {
        List<String> lines = new ArrayList<>();
        List<String> users =
                onlyUser.map(List::of)
                        .orElseGet(
                                () ->
                                        inventory.instances(host).stream()
                                                .map(Instance::user)
                                                .toList());
        if (onlyUser.isPresent()) {
            lines.add(
                    would(
                            shell,
                            SystemctlCommands.show(List.of(units.unit(onlyUser.get(), host)))));
        } else {
            lines.add(would(shell, SystemctlCommands.listUnitFiles(units.glob(host))));
            lines.add(
                    would(shell, SystemctlCommands.show(List.of()))
                            + " "
                            + SystemctlCommands.listedAndExpected(
                                    users.stream().map(u -> units.unit(u, host)).toList()));
        }
        for (String user : users) {
            try {
                String endpoint =
                        CircusIni.endpoint(homes.ini(user, host), homes.home(user)).value();
                lines.add(
                        wouldIfRunning(
                                user,
                                shell,
                                circusArgs.isEmpty()
                                        ? circusctl.json(endpoint, List.of("status"))
                                        : circusctl.text(endpoint, circusArgs)));
            } catch (CircusIniException e) {
                lines.add(
                        "DRY RUN; cannot tell the endpoint of "
                                + user
                                + "@"
                                + host
                                + ": "
                                + e.getMessage());
            }
        }
        return lines;
    }

    private static String would(Shell shell, List<String> argv) {
        return "DRY RUN; would execute: " + shell.describe(argv);
    }

    private static String wouldIfRunning(String user, Shell shell, List<String> argv) {
        return "DRY RUN; would execute, if " + user + "'s unit is running: " + shell.describe(argv);
    }
}
