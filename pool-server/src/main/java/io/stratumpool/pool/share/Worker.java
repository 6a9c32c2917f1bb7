package io.stratumpool.pool.share;

import java.util.regex.Pattern;

/**
 * A miner's login, {@code user.worker}: the user is who gets paid (an account name or, in solo
 * mode, a Bitcoin address), the worker names one machine. The worker part may be empty.
 */
public record Worker(String user, String name) {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,99}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-.#:@+~]{0,64}");

    /** Parses {@code user[.worker]}; returns null when either part has forbidden characters or length. */
    public static Worker parse(String login) {
        if (login == null) {
            return null;
        }
        String trimmed = login.trim();
        int dot = trimmed.indexOf('.');
        String user = dot < 0 ? trimmed : trimmed.substring(0, dot);
        String name = dot < 0 ? "" : trimmed.substring(dot + 1);
        if (!USER.matcher(user).matches() || !NAME.matcher(name).matches()) {
            return null;
        }
        return new Worker(user, name);
    }

    /** {@code user.worker}, or the user alone for an unnamed worker. */
    public String login() {
        return name.isEmpty() ? user : user + "." + name;
    }
}
