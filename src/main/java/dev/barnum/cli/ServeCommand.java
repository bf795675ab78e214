package dev.barnum.cli;

import jakarta.enterprise.inject.Vetoed;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;

/** {@code barnum-cli serve}: the long-lived service (polling, /q/metrics, REST, JMX). */
@Vetoed // built by Cli, not by CDI
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Runs Barnum as a service: polls the fleet every barnum.poll.interval and serves",
            "/q/metrics, /q/health, the REST API (/api/v1) and the MBeans (barnum:*) until stopped."
        },
        footer = {"", "Exit status: 0 stopped; 2 bad configuration, nothing started."})
final class ServeCommand implements Callable<Integer> {

    private final IntSupplier service;

    ServeCommand(IntSupplier service) {
        this.service = service;
    }

    @Override
    public Integer call() {
        return service.getAsInt();
    }
}
