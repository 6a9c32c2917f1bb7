package io.stratumpool.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Linux figures the report needs: load average, a process's CPU time, the kernel's TCP memory. */
final class MachineStats {
    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every common configuration. */
    private static final double TICK_SECONDS = 0.01;
    /** Netty's event loop threads, {@code multiThreadIoEventLoopGroup-…}, as the kernel cuts the name. */
    private static final String EVENT_LOOP_THREADS = "multiThreadIoEv";

    private MachineStats() {
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them. */
    static String loadAverage() {
        String[] f = read("/proc/loadavg").split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
    }

    /** User plus system CPU seconds a process has used so far. */
    static double cpuSeconds(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        // Fields after the command name (which may contain spaces) start at ") ".
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
    }

    /** CPU seconds of every process whose command name ({@code /proc/PID/comm}) is {@code comm}, e.g. postgres. */
    static double cpuSecondsOfCommand(String comm) {
        return sumOver(pid -> read("/proc/" + pid + "/comm").equals(comm));
    }

    /** CPU seconds of every process whose command line contains {@code fragment} (e.g. the broker's main class). */
    static double cpuSecondsOfCommandLine(String fragment) {
        return sumOver(pid -> read("/proc/" + pid + "/cmdline").replace('\0', ' ').contains(fragment));
    }

    private static double sumOver(java.util.function.LongPredicate matches) {
        return ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).filter(matches).mapToDouble(pid -> {
            try {
                return cpuSeconds(pid);
            } catch (RuntimeException gone) {
                return 0;
            }
        }).sum();
    }

    /**
     * User plus system CPU seconds of a process's Netty event loop threads (named
     * {@code multiThreadIoEventLoopGroup-…}, which the kernel cuts to 15 characters): the fan-out's
     * own work, without the sandbox building the next template or the JVM's other threads; taken
     * from a {@link #cpuSecondsByThread} reading, NaN for an empty (failed) one.
     */
    static double eventLoopCpuSeconds(Map<String, Double> byThread) {
        return byThread.isEmpty() ? Double.NaN : byThread.getOrDefault(EVENT_LOOP_THREADS, 0.0);
    }

    /**
     * CPU seconds per thread name of a process ({@code /proc/PID/task/TID/comm}, digits at the end
     * dropped so that numbered threads of one pool add up, e.g. {@code GC Thread#}): where a
     * process's CPU outside its event loops goes.
     */
    static Map<String, Double> cpuSecondsByThread(long pid) {
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = read(task.resolve("comm").toString()).replaceAll("[0-9]+$", "");
                byName.merge(name, ticks(read(task.resolve("stat").toString())) * TICK_SECONDS, Double::sum);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return Map.of();
        }
        return byName;
    }

    private static long ticks(String stat) {
        if (stat.isEmpty()) {
            return 0; // the thread ended meanwhile
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Kernel memory of all TCP sockets in bytes (the {@code mem} pages of /proc/net/sockstat). */
    static long tcpKernelBytes() {
        for (String line : read("/proc/net/sockstat").split("\n")) {
            if (line.startsWith("TCP:")) {
                String[] f = line.split(" ");
                for (int i = 1; i + 1 < f.length; i++) {
                    if (f[i].equals("mem")) {
                        return Long.parseLong(f[i + 1]) * 4096;
                    }
                }
            }
        }
        return -1;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
