package dev.barnum.logs;

import dev.barnum.logs.LogUnavailableException.Why;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a regular file inside a user's circus home, as root, without letting the home's user make
 * Barnum open anything else. The walk starts at {@code /} and opens each folder of the home's real
 * path, then of the file's path below it, relative to the one before ({@code openat}) and without
 * following a link ({@code O_NOFOLLOW}): a folder swapped for a link while Barnum walks makes the
 * walk fail rather than lead elsewhere. A link met on the way is followed only by starting the walk
 * again at its target, when that lies inside the home (at most {@value #LINK_LIMIT} links). The
 * file is opened only when, looked at from its folder without following links, it is a regular
 * file, and kept only when the same file is still there once opened.
 *
 * <p>What remains: a file swapped for a FIFO between that look and the open makes the open wait for
 * a writer (Java opens nothing with {@code O_NONBLOCK}); {@link TimedOpen} bounds that wait. Reads
 * of the opened file are positional and bounded by its size, so even a FIFO or a device behind it
 * would give nothing.
 */
final class ConfinedFile {

    /** The most links followed to reach one file. */
    static final int LINK_LIMIT = 8;

    /**
     * An opened log: its channel (null when only looked at), and the identity of the file (device
     * and inode).
     */
    record Opened(SeekableByteChannel channel, Object key) implements Closeable {
        @Override
        public void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // a read-only channel: nothing was written that closing could lose
            }
        }
    }

    /** Absolute and normalized, as configured: the home named in messages. */
    private final Path home;

    ConfinedFile(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * Opens {@code file} for reading, waiting at most {@link TimedOpen#OPEN_TIMEOUT}.
     *
     * @param file inside the home (as {@link LogLocator} gives it)
     * @throws LogUnavailableException {@link Why#MISSING} when it does not exist; {@link
     *     Why#NOT_SERVED} when it is not a regular file, a link leads out of the home, it cannot be
     *     read, or it did not open in time; each message names the file
     */
    Opened open(Path file) {
        return TimedOpen.within(file, () -> walk(file, true));
    }

    /**
     * The identity (device and inode) of the regular file now at {@code file}, reached as {@link
     * #open} reaches it; empty when there is none (missing, refused, not a regular file). Opens
     * only folders.
     */
    Optional<Object> key(Path file) {
        try {
            return Optional.of(TimedOpen.within(file, () -> walk(file, false)).key());
        } catch (LogUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * @param open whether to open the file, or only look at it
     */
    private Opened walk(Path file, boolean open) {
        Path realHome;
        try {
            realHome = home.toRealPath();
        } catch (IOException | SecurityException e) {
            throw new LogUnavailableException(
                    e instanceof NoSuchFileException ? Why.MISSING : Why.NOT_SERVED,
                    "the circus home " + home + " cannot be read: " + reason(e));
        }
        Path below = below(file, file.normalize(), realHome);
        for (int links = 0; links <= LINK_LIMIT; links++) {
            Walk walk = new Walk(file, realHome, below);
            Path next = walk.run(open);
            if (next == null) {
                return walk.opened;
            }
            below = next;
        }
        throw refused(file, "more than " + LINK_LIMIT + " links on the way");
    }

    /**
     * {@code path} as a path below the real home.
     *
     * @throws LogUnavailableException when it is not inside the home
     */
    private Path below(Path file, Path path, Path realHome) {
        Path normal = path.normalize();
        Path relative =
                normal.startsWith(home)
                        ? home.relativize(normal)
                        : normal.startsWith(realHome) ? realHome.relativize(normal) : null;
        if (relative == null || relative.toString().isEmpty()) {
            throw refused(file, "leads to " + Printable.of(path.toString()) + ", outside " + home);
        }
        return relative;
    }

    /** One walk from {@code /} down to the file; a link met on the way ends it. */
    private final class Walk {

        private final Path file;
        private final Path realHome;
        private final Path below;
        private Opened opened;

        Walk(Path file, Path realHome, Path below) {
            this.file = file;
            this.realHome = realHome;
            this.below = below;
        }

        /**
         * @return the path below the home to walk next, when a link was met; null when done
         */
        Path run(boolean open) {
            List<String> names = new ArrayList<>();
            realHome.forEach(name -> names.add(name.toString()));
            int homeDepth = names.size();
            below.forEach(name -> names.add(name.toString()));
            SecureDirectoryStream<Path> folder = root();
            try {
                for (int i = 0; i < names.size(); i++) {
                    Path name = Path.of(names.get(i));
                    BasicFileAttributes attributes = look(folder, name, i < homeDepth);
                    if (attributes.isSymbolicLink()) {
                        if (i < homeDepth) {
                            throw refused(file, "the circus home changed while being read");
                        }
                        int walked = i - homeDepth + 1;
                        Path target = linkTarget(realHome.resolve(below.subpath(0, walked)));
                        return walked == below.getNameCount()
                                ? target
                                : target.resolve(below.subpath(walked, below.getNameCount()));
                    }
                    if (i == names.size() - 1) {
                        opened = last(folder, name, attributes, open);
                        return null;
                    }
                    if (!attributes.isDirectory()) {
                        throw missing(); // a file where a folder should be: ENOTDIR
                    }
                    SecureDirectoryStream<Path> inner =
                            folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                    folder.close();
                    folder = inner;
                }
                throw missing(); // not reached: the last name returns
            } catch (NoSuchFileException | NotDirectoryException e) {
                throw missing();
            } catch (IOException | SecurityException e) {
                throw refused(file, "cannot be read: " + reason(e));
            } finally {
                closeQuietly(folder);
            }
        }

        private BasicFileAttributes look(
                SecureDirectoryStream<Path> folder, Path name, boolean inHome) throws IOException {
            try {
                return folder.getFileAttributeView(
                                name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (NoSuchFileException e) {
                if (inHome) {
                    throw new LogUnavailableException(
                            Why.MISSING, "the circus home " + ConfinedFile.this.home + " is gone");
                }
                throw e;
            }
        }

        private Opened last(
                SecureDirectoryStream<Path> folder,
                Path name,
                BasicFileAttributes attributes,
                boolean open)
                throws IOException {
            if (!attributes.isRegularFile()) {
                throw refused(
                        file,
                        "not a regular file ("
                                + (attributes.isDirectory()
                                        ? "a folder"
                                        : "a FIFO, socket or device")
                                + "): Barnum reads only regular files");
            }
            if (!open) {
                return new Opened(null, attributes.fileKey());
            }
            Set<OpenOption> options = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            SeekableByteChannel channel = folder.newByteChannel(name, options);
            BasicFileAttributes after;
            try {
                after = look(folder, name, false);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            if (!after.isRegularFile()
                    || attributes.fileKey() == null
                    || !Objects.equals(attributes.fileKey(), after.fileKey())) {
                channel.close();
                throw refused(file, "changed while being opened");
            }
            return new Opened(channel, attributes.fileKey());
        }

        /** Where the link at {@code link} (a real path inside the home) leads, below the home. */
        private Path linkTarget(Path link) throws IOException {
            Path target = Files.readSymbolicLink(link);
            Path resolved = link.getParent().resolve(target).normalize();
            try {
                return below(file, resolved, realHome);
            } catch (LogUnavailableException e) {
                throw refused(
                        file,
                        "a link to "
                                + Printable.of(target.toString())
                                + ", outside the circus home "
                                + ConfinedFile.this.home
                                + ": Barnum follows no link out of it");
            }
        }

        private LogUnavailableException missing() {
            return new LogUnavailableException(Why.MISSING, file + " does not exist");
        }
    }

    private static SecureDirectoryStream<Path> root() {
        try {
            DirectoryStream<Path> root = Files.newDirectoryStream(Path.of("/"));
            if (root instanceof SecureDirectoryStream<Path> secure) {
                return secure;
            }
            root.close();
        } catch (IOException e) {
            throw new LogUnavailableException(Why.NOT_SERVED, "cannot read /: " + reason(e));
        }
        throw new LogUnavailableException(
                Why.NOT_SERVED,
                "this platform cannot open files relative to a folder: logs are not read");
    }

    static LogUnavailableException refused(Path file, String why) {
        return new LogUnavailableException(Why.NOT_SERVED, file + ": " + why);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // a folder opened for reading: nothing to lose
        }
    }

    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
