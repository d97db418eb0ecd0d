package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OPEN's optional parameters in both encodings: RFC 4271's one-octet lengths and RFC 9072's
 * extended one (Non-Ext OP Len 255, Non-Ext OP Type 255, a two-octet total length and a two-octet
 * length in every parameter), which FRR sends with {@code extended-optional-parameters}. The byte
 * strings are written out by hand from the RFCs' figures, not produced by the encoder under test.
 */
class BgpOpenCodecTest {
    static final String HEAD = "04" + "fc00" + "005a" + "0a0a0a0a";             // version, AS 64512, hold 90, id
    static final String CAPS = "010400010001" + "41040000fc00";                  // MP IPv4 unicast, 4-octet AS 64512
    static final BgpMessage.Open EXPECTED = new BgpMessage.Open(4, 64512, 90, 0x0a0a0a0aL, true, List.of(1 << 8 | 1));
    static final BgpMessage.Open EXTENDED = new BgpMessage.Open(4, 64512, 90, 0x0a0a0a0aL, true, List.of(1 << 8 | 1), true);

    static BgpMessage decode(String hex) throws BgpException {
        return BgpCodec.decode(BgpMessage.OPEN, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
    }

    @Test
    void theExtendedEncodingAsFrrSendsItDecodes() throws BgpException {
        // ff ff, then 15 octets of parameters: type 2 with a two-octet length 12
        assertThat(decode(HEAD + "ff" + "ff" + "000f" + "02" + "000c" + CAPS)).isEqualTo(EXTENDED);
    }

    @Test
    void everyExtendedParameterHasATwoOctetLength() throws BgpException {
        String two = "02" + "0006" + "010400010001" + "02" + "0006" + "41040000fc00";
        assertThat(decode(HEAD + "ff" + "ff" + "0012" + two)).isEqualTo(EXTENDED);
    }

    @Test
    void theClassicEncodingStillDecodes() throws BgpException {
        assertThat(decode(HEAD + "0e" + "02" + "0c" + CAPS)).isEqualTo(EXPECTED);
    }

    /** Non-Ext OP Len 255 alone is not the marker: here a classic block of exactly 255 octets. */
    @Test
    void aClassicBlockOf255OctetsIsNotMistakenForTheExtendedOne() throws BgpException {
        String caps = CAPS + "80" + "ef" + "00".repeat(239);                     // + capability 128 (ignored): 253
        assertThat(decode(HEAD + "ff" + "02" + "fd" + caps)).isEqualTo(EXPECTED);
    }

    @Test
    void anInconsistentExtendedLengthIsAnOpenMessageError() {
        assertThatThrownBy(() -> decode(HEAD + "ff" + "ff" + "0010" + "02" + "000c" + CAPS))
                .isInstanceOfSatisfying(BgpException.class, e -> assertThat(e.code()).isEqualTo(BgpException.OPEN))
                .hasMessageContaining("extended optional parameters length 16 but 15 octets follow");
        assertThatThrownBy(() -> decode(HEAD + "ff" + "ff" + "000f" + "02" + "000d" + CAPS))  // parameter overruns
                .isInstanceOfSatisfying(BgpException.class, e -> assertThat(e.code()).isEqualTo(BgpException.OPEN));
        assertThatThrownBy(() -> decode(HEAD + "ff" + "ff" + "00"))                           // length cut short
                .isInstanceOfSatisfying(BgpException.class, e -> assertThat(e.code()).isEqualTo(BgpException.OPEN));
    }

    /** RFC 9072 §2: the extended encoding only when needed, so peers without it keep working. */
    @Test
    void straitsOwnOpenUsesTheClassicEncoding() {
        ByteBuf b = BgpCodec.encode(ByteBufAllocator.DEFAULT,
                new BgpMessage.Open(4, 64513, 9, 0xc0000201L, true, List.of(1 << 8 | 1, 2 << 8 | 1)));
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("ff".repeat(16) + "0031" + "01"
                + "04" + "fc01" + "0009" + "c0000201" + "14" + "02" + "12"
                + "010400010001" + "010400020001" + "41040000fc01");
        b.release();
    }

    @Test
    void parametersLongerThan255OctetsGoOutExtendedAndDecodeBack() throws BgpException {
        List<Integer> many = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            many.add(i << 8 | 1);                                                 // 50 x 6 octets + 6 = 306
        }
        BgpMessage.Open open = new BgpMessage.Open(4, 64513, 90, 0x01020304L, true, many);
        ByteBuf b = BgpCodec.encode(ByteBufAllocator.DEFAULT, open);
        String hex = ByteBufUtil.hexDump(b);
        assertThat(hex.substring(38 + 18, 38 + 32)).isEqualTo("ff" + "ff" + "0135" + "02" + "0132");
        assertThat(BgpCodec.decode(BgpMessage.OPEN, b.skipBytes(BgpCodec.HEADER_LENGTH)))
                .isEqualTo(new BgpMessage.Open(4, 64513, 90, 0x01020304L, true, many, true));
        b.release();
    }

    /** To a peer that sends extended OPENs (FRR's opt-in mode misreads classic ones) ours go out extended too. */
    @Test
    void anOpenAskedToBeExtendedIsWrittenSoEvenWhenSmall() {
        ByteBuf b = BgpCodec.encode(ByteBufAllocator.DEFAULT, EXTENDED);
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("ff".repeat(16) + "002f" + "01"
                + HEAD + "ff" + "ff" + "000f" + "02" + "000c" + CAPS);
        b.release();
    }
}
