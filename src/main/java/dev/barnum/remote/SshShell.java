package dev.barnum.remote;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelDirectStreamLocal;
import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.Session;
import dev.barnum.base.Deadline;
import dev.barnum.base.Deadline.Ticker;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on one host over SSH (jsch). One authenticated session per host, reused across
 * commands and rebuilt after any error; host keys are checked strictly against Barnum's known_hosts
 * ({@code barnum.ssh.known-hosts}) and nothing else, whatever the OpenSSH config says; every
 * command runs under a hard deadline (jsch itself never times out a blocked read). A host that
 * stops answering is a {@link Reason#TIMEOUT}, whether it hangs before the command starts or during
 * it; a connection lost mid-command (the host or its sshd died) is a {@link Reason#COMMAND} failure
 * at once, never a result with a made-up exit status.
 */
public final class SshShell implements Shell {

    private final String host;
    private final SshSettings settings;
    private final Ticker ticker;
    private final java.util.concurrent.atomic.AtomicReference<Session> session =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The session being opened now, if one is: {@link #shutDown} aborts it. */
    private volatile Session connecting;

    private volatile boolean shutDown;

    /**
     * @param ticker measures deadlines and durations (monotonic: {@link Ticker#SYSTEM})
     */
    public SshShell(String host, SshSettings settings, Ticker ticker) {
        this.host = host;
        this.settings = settings;
        this.ticker = ticker;
    }

    @Override
    public ExecResult run(List<String> argv, Duration timeout) throws ShellException {
        long start = ticker.nanos();
        Deadline deadline = Deadline.after(timeout, ticker);
        Session current = session(timeout);
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) current.openChannel("exec");
            channel.setCommand(ShellQuote.join(argv));
            channel.setInputStream(null);
            BoundedOutput out = new BoundedOutput();
            BoundedOutput err = new BoundedOutput();
            channel.setOutputStream(out, false);
            channel.setErrStream(err, true);
            channel.connect(deadline.millisLeft());
            if (!out.closed.await(deadline.millisLeft(), TimeUnit.MILLISECONDS)
                    || !awaitClose(channel, deadline)) {
                drop(current);
                throw new ShellException(
                        Reason.TIMEOUT,
                        host
                                + ": "
                                + argv.get(0)
                                + " did not finish within "
                                + timeout.toMillis()
                                + " ms");
            }
            if (channel.getExitStatus() == -1 && channel.getExitSignal() == null) {
                // sshd ends every command with its exit status or the signal that killed it:
                // without
                // either, jsch closed the channel because the connection died (host down, sshd
                // killed)
                drop(current);
                throw new ShellException(
                        Reason.COMMAND,
                        host
                                + ": the connection was lost before "
                                + argv.get(0)
                                + " ended (no exit status)");
            }
            out.refuseOverflow(host, "stdout", argv);
            err.refuseOverflow(host, "stderr", argv);
            return new ExecResult(
                    argv,
                    channel.getExitStatus(),
                    out.text(),
                    err.text(),
                    Duration.ofNanos(ticker.nanos() - start));
        } catch (JSchException e) {
            drop(current);
            if (unanswered(channel, e)) {
                throw new ShellException(
                        Reason.TIMEOUT,
                        host
                                + ": no answer within "
                                + timeout.toMillis()
                                + " ms (a channel for "
                                + argv.get(0)
                                + " was never opened)",
                        e);
            }
            throw classify(e);
        } catch (InterruptedException e) {
            drop(current);
            Thread.currentThread().interrupt();
            throw new ShellException(Reason.TIMEOUT, host + ": interrupted", e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    /**
     * A {@code direct-tcpip} channel (or {@code direct-streamlocal@openssh.com} for a Unix socket)
     * on the host's session, shared with its commands: jsch's session reader pushes the peer's
     * bytes to {@code inbound}, and closes it when the channel ends. A failed open closes no
     * session: the other channels of the host go on.
     */
    @Override
    public Link link(LinkTarget target, java.io.OutputStream inbound, Duration timeout)
            throws ShellException {
        Deadline deadline = Deadline.after(timeout, ticker);
        Session current = session(timeout);
        Channel channel = null;
        try {
            if (target.unixPath().isPresent()) {
                ChannelDirectStreamLocal local =
                        (ChannelDirectStreamLocal)
                                current.openChannel("direct-streamlocal@openssh.com");
                local.setSocketPath(target.path());
                channel = local;
            } else {
                ChannelDirectTCPIP tcp = (ChannelDirectTCPIP) current.openChannel("direct-tcpip");
                tcp.setHost(target.host());
                tcp.setPort(target.port());
                channel = tcp;
            }
            channel.setOutputStream(inbound);
            java.util.concurrent.atomic.AtomicReference<java.io.OutputStream> out =
                    new java.util.concurrent.atomic.AtomicReference<>(channel.getOutputStream());
            Channel sending = channel;
            channel.connect(Math.max(1, deadline.millisLeft()));
            Channel open = channel;
            return new Link() {
                @Override
                public java.io.OutputStream out() {
                    java.io.OutputStream stream = out.get();
                    if (stream == null) {
                        try {
                            stream = sending.getOutputStream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        out.set(stream);
                    }
                    return stream;
                }

                @Override
                public void stopSending() {
                    out.set(null);
                }

                @Override
                public void close() {
                    open.disconnect();
                }
            };
        } catch (JSchException | java.io.IOException e) {
            int code = channel == null ? -1 : channel.getExitStatus();
            if (channel != null) {
                channel.disconnect();
            }
            if (code == OPEN_ADMINISTRATIVELY_PROHIBITED) {
                throw new ForwardingRefusedException(
                        host
                                + ": sshd refuses to forward to "
                                + target
                                + " (administratively prohibited)");
            }
            if (code == OPEN_CONNECT_FAILED) {
                throw new NotListeningException(host + ": nothing listens at " + target);
            }
            if (!current.isConnected()) {
                drop(current);
            }
            if (e instanceof JSchException jsch
                    && code == -1
                    && String.valueOf(e.getMessage()).startsWith("channel is not opened")) {
                throw new ShellException(
                        Reason.TIMEOUT,
                        host
                                + ": no answer within "
                                + timeout.toMillis()
                                + " ms (a channel to "
                                + target
                                + " was never opened)",
                        jsch);
            }
            throw new ShellException(
                    Reason.COMMAND, host + ": cannot link to " + target + ": " + e.getMessage(), e);
        }
    }

    /** SSH's reason codes for a refused channel (RFC 4254, 5.1). */
    private static final int OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

    private static final int OPEN_CONNECT_FAILED = 2;

    /**
     * Whether the host never answered our request to open the channel, as a hung host does while
     * its TCP connection stays up. jsch says "channel is not opened." then, and also when the host
     * refuses the channel; only a refusal records the host's reason code as the exit status.
     */
    private static boolean unanswered(ChannelExec channel, JSchException e) {
        return channel != null
                && channel.getExitStatus() == -1
                && e.getMessage() != null
                && e.getMessage().startsWith("channel is not opened");
    }

    /**
     * The exit status follows the end of output closely; wait for it, but never past the deadline.
     */
    private boolean awaitClose(ChannelExec channel, Deadline deadline) throws InterruptedException {
        while (!channel.isClosed()) {
            if (deadline.passed()) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * The open session, or a new one. Only one is opened at a time; {@link #close} and {@link
     * #shutDown} never wait for that (a host that never answers would hold them up to the connect
     * timeout).
     */
    private synchronized Session session(Duration timeout) throws ShellException {
        refuseIfShutDown();
        Session open = session.get();
        if (open != null && open.isConnected()) {
            return open;
        }
        int connectMillis =
                (int) Math.min(settings.connectTimeout().toMillis(), timeout.toMillis());
        try {
            Session fresh = settings.jsch().getSession(settings.user(), host);
            // Host keys come from Barnum's known_hosts alone and are checked strictly, whatever an
            // OpenSSH config says: jsch's getSession replaces the session's keys with the config's
            // UserKnownHostsFile. SshSettings hides that option already; this line decides even
            // should a
            // later jsch take keys from another option. jsch would also read the config's
            // ConnectTimeout and
            // ServerAliveInterval (seconds) as milliseconds, so set them here.
            fresh.setHostKeyRepository(settings.hostKeys());
            fresh.setConfig("StrictHostKeyChecking", "yes");
            fresh.setConfig("PreferredAuthentications", "publickey");
            fresh.setServerAliveInterval((int) settings.connectTimeout().toMillis());
            fresh.setServerAliveCountMax(3);
            fresh.setSocketFactory(new QuickAckSockets(Math.max(connectMillis, 1)));
            connecting = fresh;
            try {
                refuseIfShutDown();
                fresh.connect(Math.max(connectMillis, 1));
            } finally {
                connecting = null;
            }
            session.set(fresh);
            if (shutDown) {
                // shut down while it was being opened: it must not outlive the shutdown
                close();
                refuseIfShutDown();
            }
            return fresh;
        } catch (JSchException e) {
            refuseIfShutDown();
            throw classify(e);
        }
    }

    /** Drops {@code used} after an error on it (not a session opened since by another caller). */
    private void drop(Session used) {
        session.compareAndSet(used, null);
        used.disconnect();
    }

    private void refuseIfShutDown() throws ShellException {
        if (shutDown) {
            throw new ShellException(Reason.COMMAND, host + ": the service is stopping");
        }
    }

    private ShellException classify(JSchException e) {
        Throwable cause = e.getCause();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof JSchChangedHostKeyException) {
            return new ShellException(
                    Reason.HOSTKEY,
                    host
                            + ": host key CHANGED, refusing to connect ("
                            + settings.knownHosts()
                            + " holds another key; possible man-in-the-middle): "
                            + message,
                    e);
        }
        if (e instanceof JSchRevokedHostKeyException) {
            return new ShellException(
                    Reason.HOSTKEY,
                    host
                            + ": host key REVOKED, refusing to connect (marked @revoked in "
                            + settings.knownHosts()
                            + "): "
                            + message,
                    e);
        }
        if (e instanceof JSchHostKeyException) {
            return new ShellException(
                    Reason.HOSTKEY,
                    host
                            + ": host key unknown, refusing to connect (not in "
                            + settings.knownHosts()
                            + "): "
                            + message,
                    e);
        }
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new ShellException(Reason.AUTH, host + ": authentication failed: " + message, e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new ShellException(Reason.REFUSED, host + ": " + cause.getMessage(), e);
        }
        if (cause instanceof UnknownHostException) {
            return new ShellException(
                    Reason.REFUSED, host + ": unknown host name " + cause.getMessage(), e);
        }
        if (cause instanceof SocketTimeoutException
                || message.contains("timeout")
                || message.contains("timed out")) {
            return new ShellException(Reason.TIMEOUT, host + ": " + message, e);
        }
        return new ShellException(Reason.COMMAND, host + ": " + message, e);
    }

    @Override
    public String describe(List<String> argv) {
        return "ssh -q " + host + " " + ShellQuote.join(argv);
    }

    /**
     * Ends the session, and aborts one being opened: what runs on it fails at once, and the next
     * command opens a new one. Never waits for the host.
     */
    @Override
    public void close() {
        Session opening = connecting;
        if (opening != null) {
            opening.disconnect();
        }
        Session open = session.getAndSet(null);
        if (open != null) {
            open.disconnect();
        }
    }

    /**
     * Ends the session for good, and one being opened now: every command and link from now on is
     * refused ({@link Reason#COMMAND}, "the service is stopping"), and those running fail at once.
     * Never waits for the host.
     *
     * @return whether a session was open (or being opened)
     */
    public boolean shutDown() {
        shutDown = true;
        boolean open = session.get() != null || connecting != null;
        close();
        return open;
    }
}
