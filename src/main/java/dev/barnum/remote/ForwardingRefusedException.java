package dev.barnum.remote;

/**
 * The host's sshd refused to forward a channel ("administratively prohibited": {@code
 * AllowTcpForwarding no}, {@code DisableForwarding yes}): it will keep refusing, so ask that host
 * another way.
 */
public final class ForwardingRefusedException extends ShellException {

    public ForwardingRefusedException(String message) {
        super(Reason.COMMAND, message);
    }
}
