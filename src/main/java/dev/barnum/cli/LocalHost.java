package dev.barnum.cli;

import dev.barnum.config.BadInputException;
import dev.barnum.config.Names;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The current host's short name, as its circus units and homes name it. */
final class LocalHost {

    private LocalHost() {}

    static String name() {
        String name;
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            name =
                    Files.isReadable(kernel)
                            ? Files.readString(kernel).strip()
                            : InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new BadInputException("cannot tell this host's name: " + e.getMessage());
        }
        String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (!Names.isHost(shortName)) {
            throw new BadInputException(
                    "this host's name '" + name + "' is not a usable host name");
        }
        return shortName;
    }
}
