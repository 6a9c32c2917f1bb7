package io.stratumpool.pool.server;

import io.stratumpool.pool.config.StratumConfig;
import io.stratumpool.pool.config.V2Config;
import io.stratumpool.pool.job.JobListener;
import io.stratumpool.pool.v2.V2Registry;
import io.stratumpool.pool.v2.V2Services;
import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.noise.Certificate;
import io.stratumpool.sv2.noise.PoolKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.netty.channel.Channel;
import io.stratumpool.pool.block.BlockRecordWriter;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.block.SiblingHoldback;
import io.stratumpool.pool.cluster.KafkaShareLedger;
import io.stratumpool.pool.cluster.NodeLease;
import io.stratumpool.pool.cluster.OwnBlockRecords;
import io.stratumpool.pool.cluster.PublishingBlockRepository;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.config.PoolSection;
import io.stratumpool.pool.job.CoinbasePayoutRouting;
import io.stratumpool.pool.job.CoinbaseSplit;
import io.stratumpool.pool.job.JobFactory;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.job.PayoutRouting;
import io.stratumpool.pool.job.TemplateFetchObserver;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.pool.ledger.InMemoryShareLedger;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.metrics.ClusterReadings;
import io.stratumpool.pool.metrics.JobReadings;
import io.stratumpool.pool.metrics.LedgerReadings;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.ledger.LedgerStats;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.accounting.HashrateWindow;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.pool.session.ExtranonceAllocator;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.SessionServices;
import io.stratumpool.pool.share.ShareProcessor;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.accounting.SoloScheme;
import io.stratumpool.pool.admin.AdminServer;
import io.stratumpool.pool.api.ApiServer;
import io.stratumpool.pool.api.ApiSources;
import io.stratumpool.pool.api.LiveStats;
import io.stratumpool.pool.job.SoloRouting;
import io.stratumpool.pool.node.BlockConfirmationTracker;
import io.stratumpool.pool.node.NodeBlockSubmitter;
import io.stratumpool.pool.node.NodeRpcGates;
import io.stratumpool.pool.node.NodeRpcListener;
import io.stratumpool.pool.node.NodeTemplateSource;
import java.util.function.Function;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.stratumpool.pool.config.TlsConfig;
import java.io.File;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
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
    private final V2Registry v2Registry;
    private final List<Channel> v2Channels = new ArrayList<>();
    private String v2AuthorityKey;
    private final StatsReporter stats;
    private final Bookkeeping bookkeeping;
    private final BlockConfirmationTracker confirmations;
    private final Runnable closeWithSource;
    private final ApiServer api;
    private final AdminServer admin;
    private final NodeLease lease;

    private PoolServer(Builder b) throws InterruptedException {
        this.config = b.config;
        this.metrics = b.metrics;
        this.bookkeeping = b.bookkeeping;
        this.lease = b.lease;
        this.confirmations = b.confirmations;
        this.closeWithSource = b.closeWithSource;
        this.blocks = b.blocks;
        this.ledger = b.ledger;
        this.source = b.source;
        Clock clock = b.clock;
        var stratum = config.stratum();
        this.registry = new SessionRegistry(new ExtranonceAllocator(stratum.extranonce1Size(), config.pool().nodeId(),
                new SecureRandom().nextLong()), metrics, clock, stratum.limits().maxConnections(), stratum.limits().maxConnectionsPerIp());
        JobFactory factory = new JobFactory(config.pool().tag(), stratum.extranonce1Size(), stratum.extranonce2Size());
        this.v2Registry = new V2Registry(metrics);
        JobListener fanOut = (generation, clean) -> {
            registry.onNewJobs(generation, clean);
            v2Registry.onNewJobs(generation, clean);
        };
        this.jobs = new JobManager(factory, b.routing, source, fanOut, clock);
        this.shares = new ShareProcessor(jobs, b.submitter, ledger, metrics, clock);
        if (bookkeeping != null) {
            shares.addListener(bookkeeping.hashrate::record);
        }
        if (b.routing instanceof CoinbasePayoutRouting split && bookkeeping != null) {
            bookkeeping.feedCoinbaseWindow(split, jobs::networkDifficulty, config.payout().coinbase().windowRefreshSeconds());
            shares.addBlockListener((found, plan) -> bookkeeping.recordCoinbaseSplit(found.hash(), plan));
        }
        this.listener = b.listener;
        registry.publicEndpoint(stratum.publicHost(), stratum.publicPort());
        v2Registry.publicEndpoint(stratum.publicHost(), stratum.publicPort());
        registerOperationsMeters();
        source.start(jobs);
        if (confirmations != null) {
            confirmations.start();
        }
        // The operator's user bans first, on both protocols, then who the payout scheme accepts.
        Function<String, String> userCheck = user -> {
            String banned = registry.userBanRefusal(user);
            return banned != null ? banned : b.userCheck.apply(user);
        };
        for (int i = 0; i < stratum.ports().size(); i++) {
            PortConfig port = stratum.ports().get(i);
            SessionServices services = new SessionServices(port, stratum.limits(), stratum.versionMaskValue(), registry, jobs,
                    shares, metrics, clock, userCheck);
            serverChannels.add(listener.bind("stratum.ports[" + i + "].port", stratum.host(), port.port(),
                    new StratumServerInitializer(services, registry, metrics, stratum.maxLineLength(),
                            port.tls() ? tlsContext(stratum.tls()) : null, stratum.trustedProxyRanges())));
        }
        LOG.info("Stratum listening on {} ({}, {} worker threads)", boundAddresses(), listener.transport().configName(), b.workerThreads);
        metrics.transport(listener.transport().configName());
        if (stratum.v2().enabled()) {
            startV2(stratum, clock, userCheck);
        }
        this.api = bookkeeping != null ? startApi(new ApiSources(bookkeeping.hashrate,
                bookkeeping.queries, blocks, new SessionLiveStats(registry, v2Registry, jobs, this::livePorts), config.payout(), bookkeeping.database::isReachable,
                () -> jobs.current() != null, metrics::scrape, clock))
                : ledger instanceof KafkaShareLedger ? startApi(ApiSources.operationsOnly(() -> jobs.current() != null,
                        metrics::scrape, clock))
                : null;
        if (api != null) {
            LOG.info("HTTP API and /metrics on {}:{}", config.api().host(), api.port());
        }
        this.admin = config.admin().enabled() ? startAdmin() : null;
        if (admin != null) {
            LOG.info("admin API on {}:{} (bearer token)", config.admin().host(), admin.port());
        }
        LOG.info(StartupBanner.line(config, java.util.stream.IntStream.range(0, serverChannels.size()).mapToObj(this::stratumPort)
                .toList(), apiPort()));
        // Last: a start that fails above must not leave this timer reading a closed database.
        this.stats = new StatsReporter(registry, v2Registry, jobs, blocks, () -> bookkeeping == null ? Double.NaN
                : bookkeeping.hashrate.pool().get(0).hashrate());
    }

    /** Binds the V2 ports with the keys from the configuration or the key file (made on the first start). */
    private void startV2(StratumConfig stratum, Clock clock, Function<String, String> userCheck) throws InterruptedException {
        V2Config v2 = stratum.v2();
        SecureRandom random = new SecureRandom();
        PoolKeys keys = V2KeyStore.load(v2, Path.of(config.ledger().dataDir() != null ? config.ledger().dataDir()
                : config.pool().dataDir()), random);
        Instant now = clock.instant();
        // Valid from an hour ago: a miner whose clock is a little behind must not see a future certificate.
        Certificate certificate = keys.certificate(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(v2.certificateValidityDays())), random);
        EllSwiftKeyPair staticKey = keys.staticKeyPair(random);
        for (int i = 0; i < v2.ports().size(); i++) {
            PortConfig port = v2.ports().get(i);
            V2Services services = new V2Services(port, stratum.limits(), stratum.versionMaskValue(), v2Registry, registry,
                    jobs, shares, metrics, clock, userCheck);
            v2Channels.add(listener.bind("stratum.v2.ports[" + i + "].port", stratum.host(), port.port(),
                    new V2ServerInitializer(services, new ConnectionLimiter(registry, metrics), staticKey, certificate,
                            v2.maxFrameLength(), stratum.trustedProxyRanges())));
        }
        v2AuthorityKey = keys.authorityPublicKeyBase58();
        for (int i = 0; i < v2Channels.size(); i++) {
            LOG.info("Stratum V2 on stratum2+tcp://{}:{}/{} (authority public key {}, certificate valid until {})",
                    stratum.publicHost() != null ? stratum.publicHost() : stratum.host(), v2Port(i), v2AuthorityKey,
                    v2AuthorityKey, certificate.notValidAfter());
        }
    }

    /** The actual port of the i-th configured V2 port. */
    public int v2Port(int index) {
        return ((InetSocketAddress) v2Channels.get(index).localAddress()).getPort();
    }

    /** The authority public key miners configure (base58check), or null when V2 is off. */
    public String v2AuthorityKey() {
        return v2AuthorityKey;
    }

    public V2Registry v2Sessions() {
        return v2Registry;
    }

    /** The Stratum ports as bound (a configured port 0 shows the port the OS chose). */
    private List<LiveStats.Port> livePorts() {
        List<LiveStats.Port> out = new ArrayList<>();
        List<PortConfig> ports = config.stratum().ports();
        for (int i = 0; i < ports.size() && i < serverChannels.size(); i++) {
            PortConfig p = ports.get(i);
            out.add(new LiveStats.Port(stratumPort(i), p.initialDifficulty(), p.minDifficulty(), p.maxDifficulty(),
                    p.vardiff(), p.tls()));
        }
        return out;
    }

    private AdminServer startAdmin() {
        try {
            return AdminServer.start(config.admin(), new AdminBridge(registry,
                    bookkeeping == null ? null : bookkeeping.addresses, v2Registry)
                    .withWallet(bookkeeping == null ? null : bookkeeping.wallet));
        } catch (java.io.IOException e) {
            if (api != null) {
                api.close(); // started just before; the builder's cleanup does not know it
            }
            throw ListenException.undeclared("admin.port", config.admin().host(), config.admin().port(), e);
        }
    }

    /** The admin API's port, or -1 when it is not enabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    private ApiServer startApi(ApiSources sources) throws InterruptedException {
        try {
            return ApiServer.start(config.api(), sources);
        } catch (Exception e) { // sync() rethrows a failed bind's checked exception, undeclared
            if (!(e instanceof java.io.IOException)) {
                throw e;
            }
            throw ListenException.undeclared("api.port", config.api().host(), config.api().port(), e);
        }
    }

    private static SslContext tlsContext(TlsConfig tls) {
        try {
            return SslContextBuilder.forServer(new File(tls.certFile()), new File(tls.keyFile())).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("stratum.tls: cannot load " + tls.certFile() + " / " + tls.keyFile()
                    + " (expected a PEM certificate chain and a PKCS#8 PEM key): " + e.getMessage(), e);
        }
    }

    public static Builder builder(PoolConfig config) {
        return new Builder(config);
    }

    /** Template source health, blocks, hashrate, ledger, JVM and process: what the operators' dashboard reads. */
    private void registerOperationsMeters() {
        metrics.jobs(new JobReadings(jobs::jobAgeSeconds, jobs::templateAgeSeconds,
                () -> jobs.current() == null ? 0 : jobs.current().template().height(), jobs::rejectedJobs));
        metrics.templateSource(source.kind(), source::isUp);
        source.observeFetches(new TemplateFetchObserver() {
            @Override
            public void fetched(long nanos) {
                metrics.templateFetched(nanos);
            }

            @Override
            public void failed() {
                metrics.templateFetchFailed();
            }
        });
        metrics.blocksByStatus(BlockStatus.labels(), () -> BlockStatus.byLabel(blocks.countByStatus()));
        if (bookkeeping != null) {
            metrics.poolHashrate(HashrateWindow.labels(), bookkeeping.hashrate::poolByWindow);
            var ledger = bookkeeping.ledger;
            metrics.ledger(() -> readings(ledger.stats()));
            bookkeeping.ledger.onCommit(metrics::ledgerCommitted);
            if (bookkeeping.wallet != null) {
                metrics.walletPayouts(bookkeeping.wallet::readings);
                bookkeeping.wallet.start(metrics::walletRefused);
            } else {
                metrics.walletPayouts(() -> PoolMetrics.PayoutReadings.OFF);
            }
        }
        if (ledger instanceof KafkaShareLedger kafka) {
            metrics.cluster(() -> readings(kafka.stats()));
        }
        metrics.bindJvmAndProcess();
        KnownReasons.registerAtZero(metrics);
    }

    private static ClusterReadings readings(KafkaShareLedger.Stats s) {
        return new ClusterReadings(s.acknowledged(), s.spooled(), s.drained(), s.failed(), s.rejectedFull(),
                s.spoolRejectedFull(), s.spoolBytes(), s.spooling(), s.spoolRecords(), s.blocksPublished(),
                s.blockPublishFailures());
    }

    private static LedgerReadings readings(LedgerStats s) {
        return new LedgerReadings(s.queued(), s.up(), s.sharesCommitted(), s.transactions(), s.failedAttempts(),
                s.timedOut(), s.rejectedFull());
    }

    /** The Netty transport the Stratum listeners run on ({@code io_uring}, {@code epoll} or {@code nio}). */
    public String stratumTransport() {
        return listener.transport().configName();
    }

    /** The actual port of the i-th configured Stratum port (useful when it was configured as 0). */
    public int stratumPort(int index) {
        return ((InetSocketAddress) serverChannels.get(index).localAddress()).getPort();
    }

    /** The HTTP API's port, or -1 when the pool runs without a database or Kafka (tests with an in-memory ledger). */
    public int apiPort() {
        return api == null ? -1 : api.port();
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
        listener.stopAccepting();
        registry.reconnectAll(5);
        v2Registry.reconnectAll();
        sleepQuietly(200);
        stats.close();
        if (confirmations != null) {
            confirmations.close();
        }
        source.close();
        closeWithSource.run();
        listener.close();
        if (api != null) {
            api.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (bookkeeping != null) {
            bookkeeping.close(); // flushes the ledger before the database closes
        } else {
            ledger.close();
        }
        if (lease != null) {
            lease.close(); // last: the id stays claimed until this node's shares are flushed
        }
        metrics.close();
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
        private Function<String, String> userCheck = user -> null;
        private Bookkeeping bookkeeping;
        private BlockConfirmationTracker confirmations;
        private Runnable closeWithSource = () -> { };
        private NodeRpcListener rpcListener = NodeRpcListener.NONE;
        private int workerThreads = Runtime.getRuntime().availableProcessors();
        private StratumListener listener;
        private NodeLease lease;

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

        /** Keeps shares in this ledger instead of the configured database (then there is no HTTP API). */
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
            // Before anything opens: a transport this machine lacks refuses the start with nothing to close.
            StratumTransport transport = StratumTransport.choose(config.stratum().transport());
            if (ledger == null && config.pool().role() == PoolSection.Role.STRATUM) {
                // A Stratum node of a cluster: shares and found blocks go to Kafka; no database, hence only
                // /health, /ready and /metrics on the API port.
                // Refused here, before any port or spool is opened, if this pool.nodeId is live elsewhere.
                lease = NodeLease.acquire(config.cluster(), config.pool().nodeId(),
                        java.nio.file.Path.of(config.cluster().spoolDir()), clock);
                KafkaShareLedger kafka;
                try {
                    kafka = new KafkaShareLedger(config.cluster(), config.pool().nodeId(), config.ledger().queueCapacity());
                } catch (RuntimeException e) {
                    lease.close();
                    throw e;
                }
                ledger = kafka;
                if (blocks == null) {
                    PublishingBlockRepository publishing = new PublishingBlockRepository(new InMemoryBlockRepository(clock), kafka);
                    // Blocks found before a restart that still await their confirmations are followed again.
                    OwnBlockRecords.resume(config.cluster(), config.pool().nodeId(), kafka.spooledBlockEvents(),
                            java.time.Duration.ofSeconds(5), publishing::restore, kafka::isClosed);
                    blocks = publishing;
                }
            }
            if (config.pool().role() == PoolSection.Role.ACCOUNTING) {
                throw new IllegalStateException("pool.role: accounting runs no Stratum server (start AccountingNode)");
            }
            if (ledger == null) {
                bookkeeping = new Bookkeeping(config, clock);
                ledger = bookkeeping.ledger;
                if (blocks == null) {
                    blocks = bookkeeping.blocks;
                }
            }
            if (blocks == null) {
                blocks = new InMemoryBlockRepository(clock);
            }
            if (source == null && config.usesNode()) {
                rpcListener = (node, method, nanos, failure) -> {
                    metrics.nodeRpc(method, nanos);
                    // reachable unless the call failed in transport or HTTP (an RPC error is an answer)
                    metrics.nodeUp(failure == null || failure.kind() == io.stratumpool.pool.node.NodeRpcException.Kind.RPC);
                    if (failure != null) {
                        metrics.nodeRpcError(method, failure.kind().name().toLowerCase(java.util.Locale.ROOT));
                    }
                };
                // One bound on concurrent RPCs per node, shared by templates, submissions and confirmations;
                // one ordered, retrying writer for block records, so a busy database never loses one.
                NodeRpcGates gates = NodeRpcGates.withDefaults();
                BlockRecordWriter records = new BlockRecordWriter(blocks);
                NodeTemplateSource nodeSource = new NodeTemplateSource(config.node(), clock, rpcListener, gates);
                NodeBlockSubmitter nodeSubmitter = new NodeBlockSubmitter(config.node(), records, clock, rpcListener, gates);
                nodeSubmitter.onAccepted(found -> nodeSource.tipMovedByOwnBlock()); // before the record is written
                source = nodeSource;
                submitter = new SiblingHoldback(nodeSubmitter, records, clock);
                confirmations = new BlockConfirmationTracker(config.node(), records, rpcListener, gates);
                closeWithSource = () -> {
                    nodeSubmitter.close();
                    records.close();
                };
            }
            if (source == null) {
                SandboxChain sandbox = new SandboxChain(config.sandbox().nBits(), config.sandbox().genesisHeight(),
                        config.sandbox().transactions(), config.sandbox().refreshSeconds(), blocks, clock);
                source = sandbox;
                submitter = sandbox;
            }
            chooseRouting();
            listener = new StratumListener(transport, workerThreads);
            try {
                return new PoolServer(this);
            } catch (Exception e) { // a failed bind arrives as the checked BindException, undeclared
                // Close what may already run: bound Stratum ports and their non-daemon event loops would
                // otherwise keep a pool that failed to start alive, accepting miners.
                listener.close();
                if (confirmations != null) {
                    confirmations.close();
                }
                closeWithSource.run();
                source.close();
                if (bookkeeping != null) {
                    bookkeeping.close();
                }
                if (lease != null) {
                    ledger.close();
                    lease.close();
                }
                metrics.close();
                throw e;
            }
        }

        /** Pool schemes pay the pool's address; solo pays each user's own address (the user name). */
        private void chooseRouting() {
            Network network = config.pool().bitcoinNetwork();
            // The built-in sandbox address only ever pays the in-process sandbox chain: with a node,
            // the config requires pool.address.
            String address = config.pool().address() != null ? config.pool().address() : PoolSection.SANDBOX_ADDRESS;
            byte[] poolScript = Address.parse(address, address.equals(PoolSection.SANDBOX_ADDRESS) ? Network.REGTEST : network)
                    .outputScript();
            if (config.payout().scheme() == PayoutConfig.Scheme.SOLO && routing == null) {
                SoloScheme solo = (SoloScheme) Bookkeeping.scheme(config);
                routing = new SoloRouting(network, poolScript, solo::finderAmount);
                userCheck = user -> solo.acceptsUser(user) ? null
                        : "solo mining pays the user name: it must be a " + network.name() + " Bitcoin address";
            }
            if (config.payout().coinbasePayouts() && routing == null) {
                var cb = config.payout().coinbase();
                routing = new CoinbasePayoutRouting(new CoinbaseSplit(config.payout().fee(), poolScript, cb.dust(),
                        cb.maxOutputs()), cb.maxBytes());
            }
            if (routing == null) {
                routing = PayoutRouting.pool(poolScript);
            }
            if (config.payout().requireAddress() && config.payout().scheme() != PayoutConfig.Scheme.SOLO) {
                userCheck = bookkeeping != null ? bookkeeping.addresses::refusal
                        : user -> Address.isValid(user, network) ? null
                                : "user name is not a " + network.name() + " address (payout.requireAddress)";
            }
        }
    }
}
