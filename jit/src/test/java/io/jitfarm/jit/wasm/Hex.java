package io.jitfarm.jit.wasm;

import java.util.HexFormat;

/** Bytes written as spaced hex, the way the spec and wasm-objdump show encodings. */
final class Hex {

    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    static String of(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }
}
