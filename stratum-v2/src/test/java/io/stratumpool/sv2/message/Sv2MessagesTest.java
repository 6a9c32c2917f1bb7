package io.stratumpool.sv2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.FrameHeader;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.U256;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message round-trips through a frame with the spec's type number and channel_msg flag. */
class Sv2MessagesTest {
    private static final U256 TARGET = U256.of(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE));
    private static final U256 HASH = U256.wrap(HexFormat.of().parseHex("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"));
    private static final Bytes PREFIX = Bytes.fromHex("00000001");

    /** One of each message, with the type number and channel_msg bit of spec section 8. */
    static Stream<Object[]> samples() {
        return Stream.of(
                new Object[] {new SetupConnection(0, 2, 2, SetupConnectionFlags.REQUIRES_STANDARD_JOBS, "pool.example", 3336,
                        "Bitaxe", "BM1370", "", ""), 0x00, false},
                new Object[] {new SetupConnectionSuccess(2, 0), 0x01, false},
                new Object[] {new SetupConnectionError(SetupConnectionFlags.REQUIRES_WORK_SELECTION, ErrorCodes.UNSUPPORTED_FEATURE_FLAGS), 0x02, false},
                new Object[] {new ChannelEndpointChanged(9), 0x03, true},
                new Object[] {new Reconnect("", 0), 0x04, false},
                new Object[] {new OpenStandardMiningChannel(1, "bc1qworker.rig1", 1.2e12f, TARGET), 0x10, false},
                new Object[] {new OpenStandardMiningChannelSuccess(1, 7, TARGET, PREFIX, 0), 0x11, false},
                new Object[] {new OpenMiningChannelError(1, ErrorCodes.UNKNOWN_USER), 0x12, false},
                new Object[] {new OpenExtendedMiningChannel(2, "bc1qworker.rig2", 5e14f, TARGET, 8), 0x13, false},
                new Object[] {new OpenExtendedMiningChannelSuccess(2, 8, TARGET, 8, PREFIX, 0), 0x14, false},
                new Object[] {new NewMiningJob(7, 1, OptionalLong.empty(), 0x20000000L, HASH), 0x15, true},
                new Object[] {new UpdateChannel(7, 2.5e12f, TARGET), 0x16, true},
                new Object[] {new UpdateChannelError(7, ErrorCodes.INVALID_CHANNEL_ID), 0x17, true},
                new Object[] {new CloseChannel(7, "shutdown"), 0x18, true},
                new Object[] {new SetExtranoncePrefix(8, Bytes.fromHex("0000000200")), 0x19, true},
                new Object[] {new SubmitSharesStandard(7, 0, 1, 0xdeadbeefL, 1_764_662_400L, 0x20a00000L), 0x1a, true},
                new Object[] {new SubmitSharesExtended(8, 5, 2, 1, 1_764_662_401L, 0x20000000L, Bytes.fromHex("0102030405060708")), 0x1b, true},
                new Object[] {new SubmitSharesSuccess(7, 5, 6, 6144), 0x1c, true},
                new Object[] {new SubmitSharesError(7, 6, ErrorCodes.STALE_SHARE), 0x1d, true},
                new Object[] {new NewExtendedMiningJob(8, 2, OptionalLong.of(1_764_662_400L), 0x20000000L, true, List.of(HASH, TARGET),
                        Bytes.fromHex("01000000010000"), Bytes.fromHex("ffffffff0100f2052a01000000")), 0x1f, true},
                new Object[] {new SetNewPrevHash(8, 2, HASH, 1_764_662_400L, 0x1d00ffffL), 0x20, true},
                new Object[] {new SetTarget(7, TARGET), 0x21, true});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughAFrame(Sv2Message message, int msgType, boolean channelMessage) throws Sv2DecodeException {
        byte[] frame = Sv2Messages.frame(message);
        FrameHeader header = FrameHeader.decode(frame, 0);
        assertEquals(msgType, header.msgType());
        assertEquals(channelMessage, header.channelMessage());
        assertEquals(channelMessage ? 0x8000 : 0, header.extensionType());
        assertEquals(frame.length - 6, header.msgLength());
        assertEquals(message, Sv2Messages.decodeFrame(frame));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTruncationIsRefused(Sv2Message message, int msgType, boolean channelMessage) {
        byte[] payload = Sv2Messages.payload(message);
        FrameHeader header = new FrameHeader(0, msgType, payload.length - 1);
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decode(header, Arrays.copyOf(payload, payload.length - 1)));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(message.getClass().getSimpleName()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anExtraByteIsRefused(Sv2Message message, int msgType, boolean channelMessage) {
        byte[] payload = Arrays.copyOf(Sv2Messages.payload(message), Sv2Messages.payload(message).length + 1);
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decode(new FrameHeader(0, msgType, payload.length), payload));
        assertEquals(Sv2DecodeException.Reason.TRAILING_BYTES, e.reason());
    }

    @Test
    void submitSharesStandardHasTheSpecLayout() {
        byte[] frame = Sv2Messages.frame(new SubmitSharesStandard(1, 2, 3, 0xdeadbeefL, 0x6556aa00L, 0x20000000L));
        // extension_type 0x8000 (channel_msg set) LE, msg_type 0x1a, msg_length 24 LE, then six U32 LE
        assertEquals("0080" + "1a" + "180000"
                + "01000000" + "02000000" + "03000000" + "efbeadde" + "00aa5665" + "00000020",
                HexFormat.of().formatHex(frame));
    }

    @Test
    void setupConnectionAcceptsTheEmptyFirmwareStringBitaxeSends() throws Sv2DecodeException {
        SetupConnection setup = new SetupConnection(0, 2, 2, 0, "", 0, "", "", "", "");
        byte[] frame = Sv2Messages.frame(setup);
        // protocol, min, max, flags, then six empty strings/port: 1+2+2+4+1+2+1+1+1+1
        assertEquals(6 + 16, frame.length);
        assertEquals(setup, Sv2Messages.decodeFrame(frame));
    }

    @Test
    void futureJobEncodesAnEmptyOption() {
        byte[] payload = Sv2Messages.payload(new NewMiningJob(1, 2, OptionalLong.empty(), 0x20000000L, HASH));
        assertEquals(4 + 4 + 1 + 4 + 32, payload.length);
        assertEquals(0, payload[8]);
        byte[] active = Sv2Messages.payload(new NewMiningJob(1, 2, OptionalLong.of(5), 0x20000000L, HASH));
        assertEquals(4 + 4 + 1 + 4 + 4 + 32, active.length);
        assertEquals(1, active[8]);
    }

    @Test
    void unknownMessagesAndExtensionsAreNamed() {
        Sv2DecodeException type = assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decode(new FrameHeader(0x8000, 0x22, 0), new byte[0]));
        assertEquals(Sv2DecodeException.Reason.UNKNOWN_MESSAGE, type.reason());
        assertTrue(type.getMessage().contains("msg_type 0x22"), type.getMessage());
        Sv2DecodeException extension = assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decode(new FrameHeader(0x0001, 0x00, 0), new byte[0]));
        assertEquals(Sv2DecodeException.Reason.UNKNOWN_MESSAGE, extension.reason());
    }

    @Test
    void frameWhosePayloadDisagreesWithItsLengthIsRefused() {
        byte[] frame = Sv2Messages.frame(new SetTarget(1, TARGET));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decodeFrame(Arrays.copyOf(frame, frame.length - 1))).reason());
        assertEquals(Sv2DecodeException.Reason.TRAILING_BYTES, assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decodeFrame(Arrays.copyOf(frame, frame.length + 1))).reason());
    }

    @Test
    void oversizedExtranonceInASubmitIsRefused() {
        byte[] payload = Sv2Messages.payload(new SubmitSharesExtended(8, 5, 2, 1, 2, 3, Bytes.of(new byte[32])));
        payload[24] = 33; // the B0_32 length prefix after six U32 fields
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                () -> Sv2Messages.decode(new FrameHeader(0x8000, MessageTypes.SUBMIT_SHARES_EXTENDED, longer.length), longer));
        assertEquals(Sv2DecodeException.Reason.OVERSIZED, e.reason());
        assertEquals("OVERSIZED: SubmitSharesExtended.extranonce length 33 exceeds B0_32 (max 32)", e.getMessage());
    }

    @Test
    void recordsRefuseValuesTheWireCannotCarry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SubmitSharesStandard(1L << 32, 0, 0, 0, 0, 0));
        assertEquals("channel_id: 4294967296 (expected: 0..4294967295)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SetExtranoncePrefix(1, Bytes.of(new byte[33])));
        assertThrows(IllegalArgumentException.class, () -> new CloseChannel(1, "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> new NewMiningJob(1, 1, OptionalLong.of(-1), 0, HASH));
        assertThrows(NullPointerException.class, () -> new SetTarget(1, null));
    }
}
