package io.stratumpool.pool.accounting;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The averaging windows the pool reports hashrate over. */
public enum HashrateWindow {
    M1("1m", Duration.ofMinutes(1)),
    M5("5m", Duration.ofMinutes(5)),
    H1("1h", Duration.ofHours(1)),
    D1("24h", Duration.ofHours(24));

    private final String label;
    private final Duration length;

    HashrateWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Every window's label, shortest first. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(HashrateWindow::label).toList();
    }

    public Duration length() {
        return length;
    }
}
