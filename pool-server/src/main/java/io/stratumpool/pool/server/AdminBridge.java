package io.stratumpool.pool.server;

import io.stratumpool.pool.accounting.PayoutAddresses;
import io.stratumpool.pool.accounting.WalletPayments;
import io.stratumpool.pool.admin.AdminOperations;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.v2.V2Registry;
import io.stratumpool.pool.v2.V2Session;
import io.stratumpool.validator.address.Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin API's view of the live pool: the V1 session registry and the V2 connections, in the
 * admin package's terms. Every action reaches both protocols; bans live in the one registry both
 * edges admit connections and users through.
 */
final class AdminBridge implements AdminOperations {
    private final SessionRegistry registry;
    private final PayoutAddresses addresses;
    private final V2Registry v2;
    private WalletPayouts wallet;

    /**
     * {@code addresses} null where the pool has no database (a Stratum node of a cluster);
     * {@code v2}: the V2 connections (null: none).
     */
    AdminBridge(SessionRegistry registry, PayoutAddresses addresses, V2Registry v2) {
        this.registry = registry;
        this.addresses = addresses;
        this.v2 = v2;
    }

    @Override
    public PayoutAddressView payoutAddress(String user) {
        PayoutAddresses book = addresses();
        String address = book.resolve(user).map(Object::toString).orElse(null);
        String source = address == null ? "none" : Address.isValid(user, book.network()) ? "user name" : "bound";
        List<AddressChangeView> changes = book.history(user).stream().map(c -> new AddressChangeView(c.oldAddress(),
                c.newAddress(), c.changedBy(), c.changedAt().toString())).toList();
        return new PayoutAddressView(user, address, source, changes);
    }

    @Override
    public PayoutAddressView bindPayoutAddress(String user, String address, String by) {
        addresses().bind(user, address, by);
        return payoutAddress(user);
    }

    private PayoutAddresses addresses() {
        if (addresses == null) {
            throw new IllegalArgumentException("payout addresses: this pool node has no database (pool.role: stratum);"
                    + " bind addresses on the accounting node");
        }
        return addresses;
    }

    /** The wallet payer the payouts endpoints act on (null: wallet payouts off). */
    AdminBridge withWallet(WalletPayouts wallet) {
        this.wallet = wallet;
        return this;
    }

    private WalletPayouts wallet() {
        if (wallet == null) {
            throw new IllegalArgumentException("wallet payouts are off (payout.wallet.enabled: false)");
        }
        return wallet;
    }

    @Override
    public PayoutsView payouts() {
        WalletPayments payments = wallet().payments;
        return new PayoutsView(payments.paused(), payments.approvalRequired(), payments.unpaidTotal(),
                payments.open().stream().map(AdminBridge::view).toList());
    }

    private static PayoutBatchView view(WalletPayments.Batch b) {
        List<PayoutLineView> lines = new java.util.ArrayList<>();
        for (int i = 0; i < b.users().size(); i++) {
            lines.add(new PayoutLineView(b.users().get(i), b.outputs().get(i).address(), b.outputs().get(i).amount()));
        }
        return new PayoutBatchView(b.id(), b.status().label(), b.total(), b.txid(), b.fee(), b.confirmations(),
                Instant.ofEpochMilli(b.createdMillis()).toString(), lines);
    }

    @Override
    public PayoutsView pausePayouts(boolean paused, String by) {
        wallet().payments.setPaused(paused, by);
        wallet().refresh();
        return payouts();
    }

    @Override
    public PayoutsView requireApproval(boolean required, String by) {
        wallet().payments.setApprovalRequired(required, by);
        return payouts();
    }

    @Override
    public String runPayouts(String by) {
        try {
            return wallet().trigger().get(5, java.util.concurrent.TimeUnit.MINUTES).toString();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "round not finished: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public boolean approvePayout(long batch, String by) {
        return wallet().payments.approve(batch, by);
    }

    @Override
    public boolean rejectPayout(long batch, String by) {
        return wallet().payments.reject(batch, by);
    }

    @Override
    public String voidPayout(long batch, String conflictTxid, String by) {
        try {
            return wallet().voidBatch(batch, conflictTxid, by).get(5, java.util.concurrent.TimeUnit.MINUTES).refusal();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "batch " + batch + ": the check did not finish: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public List<SessionView> sessions() {
        List<SessionView> all = new ArrayList<>();
        registry.sessions().forEach(s -> all.add(view(s)));
        if (v2 != null) {
            v2.sessions().forEach(s -> all.add(view(s)));
        }
        return all;
    }

    private static SessionView view(StratumSession s) {
        List<Worker> workers = s.authorizedWorkers();
        return new SessionView(s.sessionId(), workers.isEmpty() ? null : workers.get(0).user(),
                workers.stream().map(Worker::name).toList(), text(s.clientAddress()), s.userAgent(), s.currentDifficulty(),
                Instant.ofEpochMilli(s.connectedAtMillis()).toString(), "v1");
    }

    /** A V2 connection: its channels' workers, the first channel's user and difficulty. */
    private static SessionView view(V2Session s) {
        List<V2Session.ChannelView> channels = s.channels();
        return new SessionView(s.connectionId(), channels.isEmpty() ? null : channels.get(0).worker().user(),
                channels.stream().map(c -> c.worker().name()).toList(), text(s.clientAddress()), s.userAgent(),
                channels.isEmpty() ? 0 : channels.get(0).difficulty(), Instant.ofEpochMilli(s.connectedAtMillis()).toString(),
                "v2");
    }

    private static String text(InetSocketAddress address) {
        return address == null ? null : address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public boolean kick(String sessionId) {
        return registry.kick(sessionId) || v2 != null && v2.kick(sessionId);
    }

    @Override
    public boolean reconnect(String sessionId) {
        return registry.reconnect(sessionId) || v2 != null && v2.reconnect(sessionId);
    }

    /** V1 only: Stratum V2 has no message for the miner's display. */
    @Override
    public boolean showMessage(String sessionId, String message) {
        return registry.showMessage(sessionId, message);
    }

    @Override
    public List<BanView> bans() {
        List<BanView> all = new ArrayList<>();
        registry.bans().forEach((ip, until) -> all.add(new BanView(ip.getHostAddress(), null, Instant.ofEpochMilli(until).toString())));
        registry.userBans().forEach((user, until) -> all.add(new BanView(null, user, Instant.ofEpochMilli(until).toString())));
        return all;
    }

    @Override
    public boolean ban(String address, Duration length) {
        InetAddress ip = literal(address);
        if (ip == null) {
            return false;
        }
        registry.banAndKick(ip, length.toMillis());
        if (v2 != null) {
            v2.kickAddress(ip);
        }
        return true;
    }

    @Override
    public boolean unban(String address) {
        InetAddress ip = literal(address);
        return ip != null && registry.unban(ip);
    }

    @Override
    public boolean banUser(String user, Duration length) {
        Worker parsed = Worker.parse(user);
        if (parsed == null || !parsed.name().isEmpty()) {
            return false; // a user name, without a worker part
        }
        registry.banUserAndKick(user, length.toMillis());
        if (v2 != null) {
            v2.kickUser(user);
        }
        return true;
    }

    @Override
    public boolean unbanUser(String user) {
        return registry.unbanUser(user);
    }

    @Override
    public int drain(Duration period) {
        return registry.drain(period.toMillis()) + (v2 == null ? 0 : v2.drain(period.toMillis()));
    }

    @Override
    public int repartitionExtranonces() {
        registry.repartitionExtranonces();
        return registry.readyCount();
    }

    /** An IP literal, never a name to resolve. */
    private static InetAddress literal(String text) {
        if (text == null || !text.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
