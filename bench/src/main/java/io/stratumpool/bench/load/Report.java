package io.stratumpool.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The run's results as Markdown, printed as they come and written to a file at the end. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    Report() {
        line("# Stratum load run " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19));
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), load average at start " + MachineStats.loadAverage());
    }

    void line(String s) {
        text.append(s).append('\n');
        System.out.println(s);
        System.out.flush();
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, text);
        System.out.println("\nwritten to " + file);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
