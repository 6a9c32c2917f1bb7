package io.stratumpool.pool.server;

import io.netty.channel.Channel;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.config.PoolSection;
import io.stratumpool.pool.job.JobFactory;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.job.PayoutRouting;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.pool.ledger.InMemoryShareLedger;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.pool.session.ExtranonceAllocator;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.SessionServices;
import io.stratumpool.pool.share.ShareProcessor;
import io.stratumpool.validator.address.Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pool in one object: startable in-process (tests bind port 0), stoppable gracefully.
 * Parts a test or a deployment wants to choose (template source, block submitter, ledger, block
 * repository, clock) are set on the {@link Builder}; the rest follows from the configuration.
 */
public final class PoolServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolServer.class);

    private final PoolConfig config;
    private final PoolMetrics metrics;
    private final SessionRegistry registry;
    private final JobManager jobs;
    private final ShareProcessor shares;
    private final TemplateSource source;
    private final ShareLedger ledger;
    private final BlockRepository blocks;
    private final StratumListener listener;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final StatsReporter stats;

    private PoolServer(Builder b) throws InterruptedException {
        this.config = b.config;
        this.metrics = b.metrics;
        this.blocks = b.blocks;
        this.ledger = b.ledger;
        this.source = b.source;
        Clock clock = b.clock;
        var stratum = config.stratum();
        this.registry = new SessionRegistry(new ExtranonceAllocator(stratum.extranonce1Size(), config.pool().nodeId(),
                new SecureRandom().nextLong()), metrics, clock, stratum.limits().maxConnections(), stratum.limits().maxConnectionsPerIp());
        JobFactory factory = new JobFactory(config.pool().tag(), stratum.extranonce1Size(), stratum.extranonce2Size());
        this.jobs = new JobManager(factory, b.routing, source, registry, clock);
        this.shares = new ShareProcessor(jobs, b.submitter, ledger, metrics, clock);
        this.listener = new StratumListener(b.workerThreads);
        registerGauges();
        source.start(jobs);
        for (PortConfig port : stratum.ports()) {
            SessionServices services = new SessionServices(port, stratum.limits(), stratum.versionMaskValue(), registry, jobs,
                    shares, metrics, clock, user -> null);
            serverChannels.add(listener.bind(stratum.host(), port.port(),
                    new StratumServerInitializer(services, registry, metrics, stratum.maxLineLength())));
        }
        this.stats = new StatsReporter(registry, jobs, metrics, clock);
        LOG.info("Stratum listening on {} ({}, {} worker threads)", boundAddresses(), StratumListener.transport(), b.workerThreads);
    }

    public static Builder builder(PoolConfig config) {
        return new Builder(config);
    }

    private void registerGauges() {
        metrics.gauge("stratum_job_age_seconds", "Seconds since the current job went out", jobs::jobAgeSeconds);
        metrics.gauge("pool_block_height", "Height of the block being mined",
                () -> jobs.current() == null ? 0 : jobs.current().template().height());
        metrics.gauge("pool_jobs_rejected_total", "Jobs withheld because the node rejected their proposal", jobs::rejectedJobs);
    }

    /** The actual port of the i-th configured Stratum port (useful when it was configured as 0). */
    public int stratumPort(int index) {
        return ((InetSocketAddress) serverChannels.get(index).localAddress()).getPort();
    }

    private List<String> boundAddresses() {
        return serverChannels.stream().map(c -> c.localAddress().toString()).toList();
    }

    public PoolConfig config() {
        return config;
    }

    public PoolMetrics metrics() {
        return metrics;
    }

    public SessionRegistry sessions() {
        return registry;
    }

    public JobManager jobs() {
        return jobs;
    }

    public ShareProcessor shares() {
        return shares;
    }

    public BlockRepository blocks() {
        return blocks;
    }

    public TemplateSource templateSource() {
        return source;
    }

    public ShareLedger ledger() {
        return ledger;
    }

    /** Graceful stop: miners are told to reconnect, the ledger is flushed, then everything closes. */
    @Override
    public void close() {
        LOG.info("shutting down: asking {} miners to reconnect", registry.readyCount());
        serverChannels.forEach(c -> c.close().syncUninterruptibly());
        registry.reconnectAll(5);
        sleepQuietly(200);
        stats.close();
        source.close();
        listener.close();
        ledger.close();
        LOG.info("stopped");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Chooses the parts; anything left unset gets the embedded default. */
    public static final class Builder {
        private final PoolConfig config;
        private PoolMetrics metrics = new PoolMetrics();
        private Clock clock = Clock.systemUTC();
        private BlockRepository blocks;
        private TemplateSource source;
        private BlockSubmitter submitter;
        private ShareLedger ledger;
        private PayoutRouting routing;
        private int workerThreads = Runtime.getRuntime().availableProcessors();

        private Builder(PoolConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder metrics(PoolMetrics m) {
            this.metrics = m;
            return this;
        }

        public Builder blocks(BlockRepository r) {
            this.blocks = r;
            return this;
        }

        /** A template source and block submitter from a node (both at once, usually one object). */
        public Builder chain(TemplateSource templateSource, BlockSubmitter blockSubmitter) {
            this.source = templateSource;
            this.submitter = blockSubmitter;
            return this;
        }

        public Builder ledger(ShareLedger l) {
            this.ledger = l;
            return this;
        }

        public Builder routing(PayoutRouting r) {
            this.routing = r;
            return this;
        }

        public Builder workerThreads(int n) {
            this.workerThreads = n;
            return this;
        }

        public PoolServer start() throws InterruptedException {
            if (blocks == null) {
                blocks = new InMemoryBlockRepository(clock);
            }
            if (source == null) {
                SandboxChain sandbox = new SandboxChain(config.sandbox().nBits(), config.sandbox().transactions(),
                        config.sandbox().refreshSeconds(), blocks, clock);
                source = sandbox;
                submitter = sandbox;
            }
            if (ledger == null) {
                ledger = new InMemoryShareLedger();
            }
            if (routing == null) {
                String address = config.pool().address() != null ? config.pool().address() : PoolSection.SANDBOX_ADDRESS;
                routing = PayoutRouting.pool(Address.parse(address, config.pool().bitcoinNetwork()).outputScript());
            }
            return new PoolServer(this);
        }
    }
}
