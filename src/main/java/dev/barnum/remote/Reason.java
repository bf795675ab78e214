package dev.barnum.remote;

/** Why a host or a command could not give an answer. Closed set; rendered in lower case. */
public enum Reason {
    /** The host or a command did not finish within its deadline. */
    TIMEOUT,
    /** Nothing accepts connections at the host's address. */
    REFUSED,
    /** The host refused our key. */
    AUTH,
    /** The host's key is unknown or changed: never accepted silently. */
    HOSTKEY,
    /** A command could not be run or exited in a way that gives no answer. */
    COMMAND,
    /** A command's output could not be understood. */
    PARSE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
