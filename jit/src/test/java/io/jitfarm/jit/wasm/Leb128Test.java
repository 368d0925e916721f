package io.jitfarm.jit.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Leb128Test {

    @ParameterizedTest(name = "unsigned {0} is {1}")
    @CsvSource({
        "0,          00",
        "1,          01",
        "127,        7F",
        "128,        80 01",
        "255,        FF 01",
        "16383,      FF 7F",
        "16384,      80 80 01",
        "624485,     E5 8E 26",
        "2147483647, FF FF FF FF 07",
        "4294967295, FF FF FF FF 0F",
    })
    void unsignedValuesUseSevenBitsPerByteLowestFirst(long value, String encoding) {
        assertThat(Hex.of(Leb128.unsigned(value))).isEqualTo(encoding);
    }

    @ParameterizedTest(name = "signed {0} is {1}")
    @CsvSource({
        "0,           00",
        "1,           01",
        "-1,          7F",
        "63,          3F",
        "64,          C0 00",
        "-64,         40",
        "-65,         BF 7F",
        "127,         FF 00",
        "-128,        80 7F",
        "-123456,     C0 BB 78",
        "2147483647,  FF FF FF FF 07",
        "-2147483648, 80 80 80 80 78",
    })
    void signedValuesEndOnceTheSignBitCarriesTheRest(long value, String encoding) {
        assertThat(Hex.of(Leb128.signed(value))).isEqualTo(encoding);
    }

    @Test
    void aU32IsWrittenAsUnsignedEvenWhenItsJavaIntIsNegative() {
        assertThat(Hex.of(new ByteSink().u32(-1).toByteArray())).isEqualTo("FF FF FF FF 0F");
    }

    @Test
    void unsignedEncodingOfANegativeValueIsRefused() {
        assertThatThrownBy(() -> Leb128.unsigned(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
