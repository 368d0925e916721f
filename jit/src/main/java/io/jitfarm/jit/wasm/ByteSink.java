package io.jitfarm.jit.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Growing byte buffer with the primitive encodings of the binary format. */
final class ByteSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ByteSink u8(int value) {
        bytes.write(value);
        return this;
    }

    ByteSink bytes(byte[] raw) {
        bytes.writeBytes(raw);
        return this;
    }

    ByteSink u32(int value) {
        return bytes(Leb128.unsigned(Integer.toUnsignedLong(value)));
    }

    ByteSink s32(int value) {
        return bytes(Leb128.signed(value));
    }

    /** IEEE 754 bits, little-endian, as f32.const takes them. */
    ByteSink f32(float value) {
        int bits = Float.floatToRawIntBits(value);
        for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE) {
            bytes.write(bits >>> shift);
        }
        return this;
    }

    ByteSink name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return u32(utf8.length).bytes(utf8);
    }

    /** Writes the content prefixed by its byte length, as sections and function bodies are framed. */
    ByteSink sized(ByteSink content) {
        return u32(content.size()).bytes(content.toByteArray());
    }

    int size() {
        return bytes.size();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
