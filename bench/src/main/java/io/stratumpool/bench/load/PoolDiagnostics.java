package io.stratumpool.bench.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.pool.server.PoolServer;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** The measurements {@link BenchPool} answers with, each as one line of {@code key=value} pairs. */
final class PoolDiagnostics {
    private final PoolServer server;
    private final SandboxChain sandbox;
    private final String ledger;

    PoolDiagnostics(PoolServer server, SandboxChain sandbox, String ledger) {
        this.server = server;
        this.sandbox = sandbox;
        this.ledger = ledger;
    }

    void awaitFirstJob() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.jobs().current() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no job from the sandbox within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** What the pool serves: the port, the job's shape, the transport and the buffer allocator. */
    String ready() {
        JobGeneration g = server.jobs().current();
        return "port=" + server.stratumPort(0)
                + " transactions=" + g.template().transactions().size()
                + " branch=" + g.entryFor(null).job().merkleBranch().size()
                + " transport=" + server.stratumTransport()
                + " allocator=" + ByteBufAllocator.DEFAULT.getClass().getSimpleName()
                + " ledger=" + ledger
                + " java=" + System.getProperty("java.version")
                + (server.v2AuthorityKey() == null ? "" : " v2port=" + server.v2Port(0) + " authority=" + server.v2AuthorityKey());
    }

    /**
     * Heap in use after a full collection (System.gc is a stop-the-world full GC with G1 unless
     * ExplicitGCInvokesConcurrent is set) and the direct memory Netty and the JDK account for.
     */
    String memory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long allocatorDirect = -1;
        long allocatorHeap = -1;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            ByteBufAllocatorMetric m = p.metric();
            allocatorDirect = m.usedDirectMemory();
            allocatorHeap = m.usedHeapMemory();
        }
        return "heapUsed=" + heap
                + " nettyDirect=" + PlatformDependent.usedDirectMemory()
                + " allocatorDirect=" + allocatorDirect
                + " allocatorHeap=" + allocatorHeap
                + " jdkDirect=" + jdkDirect
                + " connections=" + server.sessions().connectionCount()
                + " mining=" + server.sessions().readyCount();
    }

    /** Another miner found a block: the tip moves and every connection gets a clean job. */
    String externalBlock() {
        long start = System.nanoTime();
        sandbox.mineExternalBlock();
        return "height=" + server.jobs().current().template().height()
                + " publishNanos=" + (System.nanoTime() - start);
    }

    /** A template refresh on the same tip: every connection gets a job with clean_jobs false. */
    String refresh() {
        sandbox.refreshTemplate();
        return "height=" + server.jobs().current().template().height();
    }

    /** The pool's own fan-out timer, cumulative; the harness takes differences between rounds. */
    String fanout() {
        Timer t = server.metrics().registry().find("stratum_notify_fanout_seconds").timer();
        return t == null ? "count=0 totalNanos=0"
                : "count=" + t.count() + " totalNanos=" + (long) t.totalTime(TimeUnit.NANOSECONDS);
    }

    /** Shares by result as the pool counted them, to check the generator's count. */
    String shares() {
        double accepted = 0;
        double rejected = 0;
        for (Counter c : server.metrics().registry().find("stratum_shares_total").counters()) {
            if ("rejected".equals(c.getId().getTag("result"))) {
                rejected += c.count();
            } else {
                accepted += c.count();
            }
        }
        return "accepted=" + (long) accepted + " rejected=" + (long) rejected;
    }
}
