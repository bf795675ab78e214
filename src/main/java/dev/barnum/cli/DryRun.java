package dev.barnum.cli;

import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.Outcome;
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

    /**
     * What would run on one host: the systemd queries that find its units, then a circus command
     * per user, each if that user's unit is running.
     *
     * @param queries each systemd query, as the shell would run it
     */
    record Plan(String host, List<String> queries, List<Step> steps) {

        /** The text report's lines: {@code DRY RUN; would execute: ...}. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            queries.forEach(query -> lines.add("DRY RUN; would execute: " + query));
            steps.forEach(step -> lines.add("DRY RUN; " + step.message()));
            return lines;
        }

        /** As the REST API answers a dry run: one result per user, executing nothing. */
        List<CommandResult> results() {
            return steps.stream()
                    .map(
                            step ->
                                    CommandResult.notRun(
                                            host,
                                            step.user(),
                                            step.argv(),
                                            step.argv().isEmpty()
                                                    ? Outcome.FAILED
                                                    : Outcome.DRY_RUN,
                                            step.message()))
                    .toList();
        }
    }

    /**
     * One user's circus command: its argv on the host and what would execute, or (no argv) why its
     * endpoint is not known.
     */
    record Step(String user, List<String> argv, String message) {}

    Plan plan(
            String host,
            Shell shell,
            Inventory inventory,
            Optional<String> onlyUser,
            List<String> circusArgs) {
        List<String> users =
                onlyUser.map(List::of)
                        .orElseGet(
                                () ->
                                        inventory.instances(host).stream()
                                                .map(Instance::user)
                                                .toList());
        List<String> queries =
                onlyUser.isPresent()
                        ? List.of(
                                shell.describe(
                                        SystemctlCommands.show(
                                                List.of(units.unit(onlyUser.get(), host)))))
                        : List.of(
                                shell.describe(SystemctlCommands.listUnitFiles(units.glob(host))),
                                shell.describe(SystemctlCommands.show(List.of()))
                                        + " "
                                        + SystemctlCommands.listedAndExpected(
                                                users.stream()
                                                        .map(u -> units.unit(u, host))
                                                        .toList()));
        List<Step> steps = new ArrayList<>();
        for (String user : users) {
            try {
                String endpoint =
                        CircusIni.endpoint(homes.ini(user, host), homes.home(user)).value();
                List<String> argv =
                        circusArgs.isEmpty()
                                ? circusctl.json(endpoint, List.of("status"))
                                : circusctl.text(endpoint, circusArgs);
                steps.add(
                        new Step(
                                user,
                                argv,
                                "would execute, if "
                                        + user
                                        + "'s unit is running: "
                                        + shell.describe(argv)));
            } catch (CircusIniException e) {
                steps.add(
                        new Step(
                                user,
                                List.of(),
                                "cannot tell the endpoint of "
                                        + user
                                        + "@"
                                        + host
                                        + ": "
                                        + e.getMessage()));
            }
        }
        return new Plan(host, queries, steps);
    }
}
