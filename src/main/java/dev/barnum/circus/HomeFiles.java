package dev.barnum.circus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one user's circus home, as Barnum reads them for one {@code circus.ini}. Barnum runs
 * as root and the home belongs to its user, who may have put anything there: a symbolic link to a
 * root-only file, a FIFO, {@code /dev/zero}, a sparse file of 64 GiB. So:
 *
 * <ul>
 *   <li>nothing outside the home is read, or even looked into: a path is inside when it is below
 *       the home as written and its real path (every symbolic link resolved) is below the home's
 *       real path; every folder a walk enters is checked before anything in it is looked up, so
 *       what exists outside the home cannot be told from the answers either;
 *   <li>only regular files are opened, checked without following links on their real path first;
 *   <li>at most {@link #FILE_LIMIT} bytes per file and {@link #TOTAL_LIMIT} for all the files of
 *       one {@code circus.ini}, read through a stream (the size the file system reports is not
 *       trusted), and at most {@link #LOOK_UP_LIMIT} names looked up or listed by the walks.
 * </ul>
 *
 * Every refusal is a {@link CircusIniException} with a one-line message naming the file and why.
 *
 * <p>A race remains: the user may swap a folder for a link between the check and the open. The
 * bounded read still holds then; that no such file is opened would need reading as the user.
 *
 * <p>Not thread-safe; one instance per {@code circus.ini} read, since the budgets are shared by its
 * files.
 */
final class HomeFiles {

    /** The most bytes read of one file: a real circus.ini is a few KiB. */
    static final int FILE_LIMIT = 1 << 20;

    /** The most bytes read for one circus.ini, its includes counted in. */
    static final long TOTAL_LIMIT = 4L << 20;

    /** The most names the walks for one circus.ini may look up or list. */
    static final int LOOK_UP_LIMIT = 10_000;

    /** Absolute and normalized, as configured: the home named in messages. */
    private final Path home;

    private final Path realHome;

    /** Names the circus.ini whose files these are, in messages. */
    private final String main;

    private long bytesLeft = TOTAL_LIMIT;
    private int lookUpsLeft = LOOK_UP_LIMIT;

    private HomeFiles(Path home, Path realHome, String main) {
        this.home = home;
        this.realHome = realHome;
        this.main = main;
    }

    /**
     * @param home the user's circus home
     * @param main names the circus.ini being read, in messages
     * @throws CircusIniException when the home cannot be resolved (it does not exist, say)
     */
    static HomeFiles of(Path home, String main) throws CircusIniException {
        Path absolute = home.toAbsolutePath().normalize();
        try {
            return new HomeFiles(absolute, absolute.toRealPath(), main);
        } catch (IOException | SecurityException e) {
            throw new CircusIniException(
                    absolute + ": cannot read the circus home: " + reason(e), e);
        }
    }

    /**
     * Walks down from the home to {@code file}, checking each folder on the way.
     *
     * @param context starts every message: the file, or the include and its pattern
     * @return the path found (as walked, links not resolved), or null when it does not exist
     * @throws CircusIniException when the path is outside the home, or leads out of it on the way
     */
    Path find(Path file, String context) throws CircusIniException {
        Glob.Gate gate = gate(context);
        Path at = home;
        for (String part : below(file, context)) {
            gate.enter(at);
            gate.lookUp();
            at = at.resolve(part);
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return at;
    }

    /**
     * The paths below the home that match {@code pattern} (see {@link Glob}), sorted.
     *
     * @throws CircusIniException when the pattern is outside the home, a folder it would walk into
     *     leads out of it, or the walk looks up too many names
     */
    List<Path> glob(Path pattern, String context) throws CircusIniException {
        return Glob.matches(home, below(pattern, context), gate(context));
    }

    /**
     * The text of a file that {@link #find} or {@link #glob} returned.
     *
     * @param context starts the message when the file leads outside the home
     * @param skipFolder whether a folder is skipped (as circus skips an include it cannot open)
     *     rather than refused
     * @return the text, or null for a folder when {@code skipFolder}
     * @throws CircusIniException when the file leads outside the home, is not a regular file, is
     *     larger than {@link #FILE_LIMIT}, would take the files of this circus.ini past {@link
     *     #TOTAL_LIMIT}, cannot be read, or is not UTF-8
     */
    String read(Path file, String context, boolean skipFolder) throws CircusIniException {
        Path real = real(file, context);
        BasicFileAttributes attributes;
        try {
            attributes =
                    Files.readAttributes(
                            real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            throw new CircusIniException(file + ": cannot read: " + reason(e), e);
        }
        if (attributes.isDirectory() && skipFolder) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            throw new CircusIniException(file + ": not a regular file");
        }
        if (attributes.size() > FILE_LIMIT) {
            throw tooLarge(file);
        }
        if (attributes.size() > bytesLeft) {
            throw tooMuch(file);
        }
        byte[] bytes;
        // NOFOLLOW: the real path has no link left, unless one was put there since
        try (InputStream in =
                Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            // one byte past the limit tells a file that grew (or lied about its size) from one that
            // fits
            bytes = in.readNBytes((int) Math.min(FILE_LIMIT, bytesLeft) + 1);
        } catch (IOException | SecurityException e) {
            throw new CircusIniException(file + ": cannot read: " + reason(e), e);
        }
        if (bytes.length > FILE_LIMIT) {
            throw tooLarge(file);
        }
        if (bytes.length > bytesLeft) {
            throw tooMuch(file);
        }
        bytesLeft -= bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CircusIniException(file + ": cannot read: not UTF-8 text", e);
        }
    }

    /**
     * The components of {@code path} below the home. Written with {@code ..} they are walked as
     * written (each folder checked on the way), but only when the path stays inside the home once
     * {@code name/..} pairs are removed as text: a path that does not is refused without a look.
     */
    private List<String> below(Path path, String context) throws CircusIniException {
        Path absolute = path.toAbsolutePath();
        if (!absolute.normalize().startsWith(home)) {
            throw new CircusIniException(context + " is outside " + home);
        }
        Path walked = absolute.startsWith(home) ? absolute : absolute.normalize();
        List<String> parts = new ArrayList<>();
        for (int i = home.getNameCount(); i < walked.getNameCount(); i++) {
            parts.add(walked.getName(i).toString());
        }
        return parts;
    }

    /**
     * Refuses, before the walk looks inside, a folder that leads out of the home, and counts the
     * look-ups.
     */
    private Glob.Gate gate(String context) {
        return new Glob.Gate() {
            @Override
            public void enter(Path folder) throws CircusIniException {
                lookUp();
                real(folder, context);
            }

            @Override
            public void lookUp() throws CircusIniException {
                if (--lookUpsLeft < 0) {
                    throw new CircusIniException(
                            context
                                    + ": more than "
                                    + LOOK_UP_LIMIT
                                    + " look-ups in the file system");
                }
            }
        };
    }

    /** The real path of {@code path}, which must lie inside the real home. */
    private Path real(Path path, String context) throws CircusIniException {
        try {
            Path real = path.toRealPath();
            if (real.startsWith(realHome)) {
                return real;
            }
        } catch (IOException | SecurityException e) {
            // a link that leads nowhere: refused as one that leads outside, so that no answer tells
            // whether its target exists
        }
        String what = context.equals(path.toString()) ? context + ":" : context + ": " + path;
        throw new CircusIniException(what + " does not resolve to a path inside " + home);
    }

    private static CircusIniException tooLarge(Path file) {
        return new CircusIniException(file + ": larger than " + FILE_LIMIT + " bytes");
    }

    private CircusIniException tooMuch(Path file) {
        return new CircusIniException(
                file
                        + ": the files read for "
                        + main
                        + " exceed "
                        + TOTAL_LIMIT
                        + " bytes together");
    }

    static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
