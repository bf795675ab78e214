package dev.barnum.config;

import java.util.regex.Pattern;

/** The shapes of user and host names Barnum accepts; nothing else is ever sent to a host. */
public final class Names {

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252})");

    private Names() {}

    public static boolean isUser(String name) {
        return USER.matcher(name).matches();
    }

    public static boolean isHost(String name) {
        return HOST.matcher(name).matches();
    }
}
