package io.stratumpool.validator;

import java.util.ArrayList;
import java.util.List;

/** A parsed transaction: enough structure to hash it, check a coinbase and re-serialize it. */
public record Transaction(
        long version,
        List<Input> inputs,
        List<Output> outputs,
        List<List<byte[]>> witnesses,
        long lockTime,
        byte[] serialized,
        byte[] serializedWithoutWitness) {

    /** A transaction input. */
    public record Input(Hash256 prevTxid, long prevIndex, byte[] scriptSig, long sequence) {
    }

    /** A transaction output. */
    public record Output(long value, byte[] script) {
    }

    public boolean hasWitness() {
        return witnesses.stream().anyMatch(w -> !w.isEmpty());
    }

    public Hash256 txid() {
        return Hash256.of(serializedWithoutWitness);
    }

    public Hash256 wtxid() {
        return Hash256.of(serialized);
    }

    /** BIP141 weight: base size × 3 + total size. */
    public long weight() {
        return serializedWithoutWitness.length * 3L + serialized.length;
    }

    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevTxid().equals(Hash256.ZERO)
                && inputs.get(0).prevIndex() == 0xffffffffL;
    }

    public static Transaction parse(byte[] data) {
        ByteReader reader = new ByteReader(data);
        Transaction tx = read(reader);
        if (reader.remaining() != 0) {
            throw new IllegalArgumentException("transaction: " + reader.remaining() + " trailing bytes");
        }
        return tx;
    }

    /** Reads one transaction from the reader's position. */
    public static Transaction read(ByteReader reader) {
        int start = reader.position();
        long version = reader.readUInt32LE();
        boolean segwit = false;
        long inputCount = reader.readCompactSize();
        if (inputCount == 0) {
            int flag = reader.readByte();
            if (flag != 1) {
                throw new IllegalArgumentException("transaction: bad segwit flag " + flag);
            }
            segwit = true;
            inputCount = reader.readCompactSize();
        }
        int inputsStart = segwit ? start + 6 : start + 4;
        List<Input> inputs = new ArrayList<>();
        for (long i = 0; i < inputCount; i++) {
            Hash256 prev = Hash256.wrap(reader.readBytes(32));
            inputs.add(new Input(prev, reader.readUInt32LE(), reader.readVarBytes(), reader.readUInt32LE()));
        }
        List<Output> outputs = new ArrayList<>();
        long outputCount = reader.readCompactSize();
        for (long i = 0; i < outputCount; i++) {
            outputs.add(new Output(reader.readInt64LE(), reader.readVarBytes()));
        }
        int outputsEnd = reader.position();
        List<List<byte[]>> witnesses = new ArrayList<>();
        if (segwit) {
            for (long i = 0; i < inputCount; i++) {
                long items = reader.readCompactSize();
                List<byte[]> stack = new ArrayList<>();
                for (long j = 0; j < items; j++) {
                    stack.add(reader.readVarBytes());
                }
                witnesses.add(stack);
            }
        }
        long lockTime = reader.readUInt32LE();
        int end = reader.position();
        byte[] full = reader.slice(start, end);
        byte[] stripped = segwit
                ? new ByteWriter(end - start).writeBytes(full, 0, 4)
                        .writeBytes(full, inputsStart - start, outputsEnd - inputsStart)
                        .writeUInt32LE(lockTime).toByteArray()
                : full;
        return new Transaction(version, inputs, outputs, witnesses, lockTime, full, stripped);
    }
}
