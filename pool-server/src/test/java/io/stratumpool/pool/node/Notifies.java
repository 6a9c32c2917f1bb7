package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.StratumJob;
import io.stratumpool.sim.SubscribeResult;
import io.stratumpool.sim.Transcript;
import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code mining.notify} lines a simulated miner received on the wire, parsed, with their arrival times. */
final class Notifies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One notify and when the miner's I/O thread read it. */
    record Received(Instant at, StratumJob job) {
    }

    private Notifies() {
    }

    static List<Received> of(SimMiner miner) {
        List<Received> out = new ArrayList<>();
        for (Transcript.Line line : miner.transcript().lines()) {
            if (line.direction() == Transcript.Direction.RECEIVED && line.text().contains("mining.notify")) {
                JsonNode message = parse(line.text());
                if ("mining.notify".equals(message.path("method").asText())) {
                    out.add(new Received(line.at(), StratumJob.parse(message.get("params"))));
                }
            }
        }
        return out;
    }

    /** The first notify with clean_jobs=true that builds on {@code prevHash}. */
    static Optional<Received> firstCleanOn(SimMiner miner, Hash256 prevHash) {
        return of(miner).stream().filter(r -> r.job().cleanJobs() && r.job().prevHash().equals(prevHash)).findFirst();
    }

    /** The job's coinbase as the miner would assemble it (extranonces zero), without witness. */
    static Transaction coinbase(SimMiner miner, StratumJob job) {
        SubscribeResult subscription = miner.subscription().orElseThrow();
        byte[] coinbase = new ByteWriter().writeBytes(job.coinb1()).writeBytes(subscription.extranonce1())
                .writeBytes(new byte[subscription.extranonce2Size()]).writeBytes(job.coinb2()).toByteArray();
        return Transaction.parse(coinbase);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }
}
