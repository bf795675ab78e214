package dev.barnum.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The ObjectNames of Barnum's MBeans, all in the {@code barnum} domain: {@code barnum:type=Fleet},
 * {@code barnum:type=Host,name=host1} and {@code
 * barnum:type=Watcher,host=host3,user=user1,name="plugin:flapping"}. A key value is quoted ({@link
 * ObjectName#quote}) only when it holds a character an unquoted value may not hold.
 */
public final class JmxNames {

    /** Every name this package registers matches it. */
    public static final String DOMAIN = "barnum";

    private JmxNames() {}

    public static ObjectName fleet() {
        return name("type=Fleet");
    }

    public static ObjectName host(String host) {
        return name("type=Host,name=" + value(host));
    }

    public static ObjectName watcher(String host, String user, String watcher) {
        return name(
                "type=Watcher,host="
                        + value(host)
                        + ",user="
                        + value(user)
                        + ",name="
                        + value(watcher));
    }

    /** {@code barnum:*}: every name of the domain. */
    public static ObjectName all() {
        return name("*");
    }

    /** A key property's value as it was given to the builders above (unquoted). */
    public static String key(ObjectName name, String key) {
        String value = name.getKeyProperty(key);
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static String value(String raw) {
        return raw.isEmpty() || raw.chars().anyMatch(c -> ",=:\"*?\n\\".indexOf(c) >= 0)
                ? ObjectName.quote(raw)
                : raw;
    }

    private static ObjectName name(String keys) {
        try {
            return new ObjectName(DOMAIN + ":" + keys);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(
                    "bad MBean name barnum:" + keys + ": " + e.getMessage(), e);
        }
    }
}
