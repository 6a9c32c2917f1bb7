package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.pool.accounting.ChainView;
import io.stratumpool.pool.accounting.Wallet;
import io.stratumpool.pool.accounting.WalletException;
import io.stratumpool.pool.accounting.WalletException.Reason;
import io.stratumpool.pool.accounting.WalletPayoutConfig;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * The node wallet over JSON-RPC, for both Bitcoin Core and bcoin. Calls both have: {@code gettransaction}
 * (wallet; bcoin 1.0.2's fails on payments to others, so there its REST {@code GET /wallet/:id/tx/:txid}),
 * {@code sendrawtransaction}, {@code estimatesmartfee}, {@code getblockcount},
 * {@code getblockhash}, {@code getblockheader} (node; for the depth of a wallet transaction's block
 * where bcoin's {@code gettransaction} leaves confirmations out). Signing without sending differs: Core funds and signs a raw transaction
 * ({@code fundrawtransaction}, {@code signrawtransactionwithwallet}); bcoin's
 * wallet server builds and signs it with {@code POST /wallet/:id/create}. Every signed transaction
 * is checked to pay each output exactly before it is handed back. Calls block the payer's thread.
 */
public final class WalletRpc implements Wallet, ChainView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WalletPayoutConfig config;
    private final Network network;
    private final NodeRpcClient wallet;
    private final NodeRpcClient node;
    private final HttpClient http;
    private final Duration timeout;

    public WalletRpc(WalletPayoutConfig config, Network network, Executor executor) {
        this.config = config;
        this.network = network;
        this.timeout = Duration.ofMillis(config.requestTimeoutMillis());
        String user = config.user() == null ? "" : config.user();
        this.wallet = new NodeRpcClient(new NodeEndpointConfig("wallet", config.url(), user, config.password(), null,
                2_000L, config.requestTimeoutMillis()), executor, NodeRpcListener.NONE);
        this.node = new NodeRpcClient(new NodeEndpointConfig("wallet-node", config.nodeUrl(), user, config.password(),
                null, 2_000L, config.requestTimeoutMillis()), executor, NodeRpcListener.NONE);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public Signed create(List<Output> outputs, double satPerVbyte) {
        Signed signed = config.kind() == WalletPayoutConfig.Kind.BCOIN ? createWithBcoin(outputs, satPerVbyte)
                : createWithCore(outputs, satPerVbyte);
        checkPaysExactly(signed, outputs);
        return signed;
    }

    private Signed createWithBcoin(List<Output> outputs, double satPerVbyte) {
        ObjectNode request = JSON.createObjectNode();
        request.put("rate", Math.round(satPerVbyte * 1000)); // bcoin: satoshis per kvB
        request.put("sort", false);
        ArrayNode outs = request.putArray("outputs");
        for (Output o : outputs) {
            // the script, not the address: bcoin 1.0.2 cannot parse bech32m (P2TR) addresses, but pays their scripts
            outs.addObject().put("script", Hex.encode(script(o.address()))).put("value", o.amount());
        }
        String path = "wallet/" + config.walletId() + "/create";
        JsonNode tx = rest("POST", path, request);
        String hex = tx.path("hex").asText("");
        if (hex.isEmpty() || !tx.path("fee").canConvertToLong()) {
            throw new WalletException(Reason.REFUSED, "bcoin " + path + ": no hex or fee in " + clip(tx.toString()));
        }
        return new Signed(txid(hex), hex, tx.path("fee").asLong());
    }

    private Signed createWithCore(List<Output> outputs, double satPerVbyte) {
        ByteWriter unsigned = new ByteWriter().writeUInt32LE(2).writeCompactSize(0).writeCompactSize(outputs.size());
        for (Output o : outputs) {
            unsigned.writeInt64LE(o.amount()).writeVarBytes(script(o.address()));
        }
        unsigned.writeUInt32LE(0);
        BigDecimal btcPerKvB = BigDecimal.valueOf(satPerVbyte).multiply(BigDecimal.valueOf(1000)).movePointLeft(8);
        JsonNode funded = call(wallet, "fundrawtransaction", Hex.encode(unsigned.toByteArray()),
                Map.of("feeRate", btcPerKvB)); // no lockUnspents: no second batch is funded while one is unsent
        long fee = new BigDecimal(funded.path("fee").asText("0")).movePointRight(8).setScale(0, RoundingMode.UNNECESSARY)
                .longValueExact();
        JsonNode signed = call(wallet, "signrawtransactionwithwallet", funded.path("hex").asText());
        if (!signed.path("complete").asBoolean(false)) {
            throw new WalletException(Reason.REFUSED, "signrawtransactionwithwallet: not completely signed: "
                    + clip(signed.path("errors").toString()));
        }
        String hex = signed.path("hex").asText();
        return new Signed(txid(hex), hex, fee);
    }

    /** The wallet built the transaction; it must still pay every output exactly, each by an output of its own. */
    private void checkPaysExactly(Signed signed, List<Output> outputs) {
        List<Transaction.Output> left = new ArrayList<>(Transaction.parse(Hex.decode(signed.hex())).outputs());
        for (Output o : outputs) {
            byte[] script = script(o.address());
            int match = -1;
            for (int i = 0; i < left.size() && match < 0; i++) {
                if (left.get(i).value() == o.amount() && Arrays.equals(left.get(i).script(), script)) {
                    match = i;
                }
            }
            if (match < 0) {
                throw new WalletException(Reason.REFUSED, "the wallet's transaction " + signed.txid()
                        + " does not pay " + o.amount() + " sat to " + o.address());
            }
            left.remove(match);
        }
    }

    @Override
    public void broadcast(String hex) {
        try {
            node.call(timeout, "sendrawtransaction", hex).join();
        } catch (RuntimeException e) {
            NodeRpcException failure = NodeRpcException.unwrap(e, node.name(), "sendrawtransaction");
            String message = failure.rpcMessage() == null ? "" : failure.rpcMessage().toLowerCase(Locale.ROOT);
            if (failure.kind() == NodeRpcException.Kind.RPC && (message.contains("already") || message.contains("known"))) {
                return; // in the mempool or the chain already: sent
            }
            throw translate(failure);
        }
    }

    @Override
    public OptionalLong confirmations(String txid) {
        if (config.kind() == WalletPayoutConfig.Kind.BCOIN) {
            // bcoin 1.0.2's gettransaction fails on any transaction paying others ("Invalid integer value")
            JsonNode details = rest("GET", "wallet/" + config.walletId() + "/tx/" + txid, null);
            return details == null ? OptionalLong.empty()
                    : OptionalLong.of(Math.max(0, details.path("confirmations").asLong(0)));
        }
        try {
            JsonNode tx = wallet.call(timeout, "gettransaction", txid).join();
            if (tx.has("confirmations")) {
                return OptionalLong.of(Math.max(0, tx.get("confirmations").asLong(0)));
            }
            // bcoin 1.0.2 leaves confirmations out: the depth of the block that holds the transaction
            String block = tx.path("blockhash").asText("");
            if (block.isEmpty() || tx.path("blockhash").isNull()) {
                return OptionalLong.of(0);
            }
            return OptionalLong.of(Math.max(0, call(node, "getblockheader", block, true).path("confirmations").asLong(0)));
        } catch (RuntimeException e) {
            NodeRpcException failure = NodeRpcException.unwrap(e, wallet.name(), "gettransaction");
            String message = failure.rpcMessage() == null ? "" : failure.rpcMessage().toLowerCase(Locale.ROOT);
            if (failure.kind() == NodeRpcException.Kind.RPC && (message.contains("not found")
                    || message.contains("non-wallet") || message.contains("invalid or"))) {
                return OptionalLong.empty();
            }
            throw translate(failure);
        }
    }

    @Override
    public Optional<Known> transaction(String txid) {
        if (config.kind() == WalletPayoutConfig.Kind.BCOIN) {
            JsonNode details = rest("GET", "wallet/" + config.walletId() + "/tx/" + txid, null);
            return details == null ? Optional.empty()
                    : Optional.of(new Known(details.path("tx").asText(""), details.path("confirmations").asLong(0)));
        }
        try {
            JsonNode tx = wallet.call(timeout, "gettransaction", txid).join();
            return Optional.of(new Known(tx.path("hex").asText(""), tx.path("confirmations").asLong(0)));
        } catch (RuntimeException e) {
            NodeRpcException failure = NodeRpcException.unwrap(e, wallet.name(), "gettransaction");
            String message = failure.rpcMessage() == null ? "" : failure.rpcMessage().toLowerCase(Locale.ROOT);
            if (failure.kind() == NodeRpcException.Kind.RPC && (message.contains("not found")
                    || message.contains("non-wallet") || message.contains("invalid or"))) {
                return Optional.empty();
            }
            throw translate(failure);
        }
    }

    @Override
    public boolean inMempool(String txid) {
        try {
            JsonNode entry = node.call(timeout, "getmempoolentry", txid).join();
            return entry != null && !entry.isNull() && !entry.isMissingNode();
        } catch (RuntimeException e) {
            NodeRpcException failure = NodeRpcException.unwrap(e, node.name(), "getmempoolentry");
            String message = failure.rpcMessage() == null ? "" : failure.rpcMessage().toLowerCase(Locale.ROOT);
            if (failure.kind() == NodeRpcException.Kind.RPC && message.contains("not in mempool")) {
                return false;
            }
            throw translate(failure);
        }
    }

    @Override
    public boolean unspent(String txid, long vout) {
        JsonNode out = call(node, "gettxout", txid, vout, true);
        return out != null && !out.isNull() && !out.isMissingNode();
    }

    @Override
    public OptionalLong estimateFeeRate() {
        JsonNode estimate;
        try {
            estimate = call(node, "estimatesmartfee", 6);
        } catch (WalletException e) {
            throw new WalletException(Reason.FEE_ESTIMATION, "estimatesmartfee: " + e.getMessage(), e);
        }
        JsonNode btcPerKvB = estimate.has("feerate") ? estimate.get("feerate") : estimate.path("fee");
        if (!btcPerKvB.isNumber() || btcPerKvB.asDouble() <= 0) {
            return OptionalLong.empty();
        }
        BigDecimal satPerVbyte = new BigDecimal(btcPerKvB.asText()).movePointRight(8).divide(BigDecimal.valueOf(1000), 0,
                RoundingMode.CEILING);
        return OptionalLong.of(satPerVbyte.longValueExact());
    }

    @Override
    public long tipHeight() {
        return call(node, "getblockcount").asLong();
    }

    @Override
    public String blockHashAt(long height) {
        return call(node, "getblockhash", height).asText();
    }

    private byte[] script(String address) {
        return Address.parse(address, network).outputScript();
    }

    private static String txid(String hex) {
        return Transaction.parse(Hex.decode(hex)).txid().toHexReversed();
    }

    private JsonNode call(NodeRpcClient client, String method, Object... params) {
        try {
            return client.call(timeout, method, params).join();
        } catch (RuntimeException e) {
            throw translate(NodeRpcException.unwrap(e, client.name(), method));
        }
    }

    private static WalletException translate(NodeRpcException e) {
        if (e.kind() == NodeRpcException.Kind.TRANSPORT) {
            return new WalletException(Reason.UNREACHABLE, e.getMessage(), e);
        }
        return new WalletException(isInsufficientFunds(e.getMessage()) ? Reason.INSUFFICIENT_FUNDS : Reason.REFUSED,
                e.getMessage(), e);
    }

    private static boolean isInsufficientFunds(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("insufficient funds") || m.contains("not enough funds");
    }

    /** bcoin's wallet REST API, same credentials as its RPC (HTTP Basic, the API key as password); null for a 404. */
    private JsonNode rest(String method, String path, ObjectNode body) {
        String user = config.user() == null ? "" : config.user();
        String auth = Base64.getEncoder().encodeToString((user + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.url()).resolve("/" + path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Authorization", "Basic " + auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WalletException(Reason.UNREACHABLE, "bcoin wallet " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalletException(Reason.UNREACHABLE, "bcoin wallet " + path + ": interrupted", e);
        }
        if (response.statusCode() == 404 && method.equals("GET")) {
            return null;
        }
        if (response.statusCode() != 200) {
            String text = "bcoin wallet " + path + ": HTTP " + response.statusCode() + " " + clip(response.body());
            throw new WalletException(isInsufficientFunds(response.body()) ? Reason.INSUFFICIENT_FUNDS : Reason.REFUSED, text);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new WalletException(Reason.REFUSED, "bcoin wallet " + path + ": not JSON: " + clip(response.body()), e);
        }
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
