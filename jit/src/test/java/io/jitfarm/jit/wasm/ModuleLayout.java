package io.jitfarm.jit.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a module into its sections, reading the framing independently of the builder. */
record ModuleLayout(List<Section> sections) {

    record Section(int id, byte[] content) {
    }

    static ModuleLayout of(byte[] module) {
        assertThat(Hex.of(Arrays.copyOf(module, 8))).as("magic and version").isEqualTo("00 61 73 6D 01 00 00 00");
        ByteBuffer in = ByteBuffer.wrap(module, 8, module.length - 8);
        List<Section> sections = new ArrayList<>();
        while (in.hasRemaining()) {
            int id = in.get();
            int size = (int) readUnsigned(in);
            assertThat(in.remaining()).as("bytes left for section %d", id).isGreaterThanOrEqualTo(size);
            byte[] content = new byte[size];
            in.get(content);
            sections.add(new Section(id, content));
        }
        return new ModuleLayout(sections);
    }

    List<Integer> ids() {
        return sections.stream().map(Section::id).toList();
    }

    byte[] content(int id) {
        return sections.stream().filter(s -> s.id() == id).findFirst().orElseThrow().content();
    }

    private static long readUnsigned(ByteBuffer in) {
        long value = 0;
        int shift = 0;
        int b;
        do {
            b = in.get();
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }
}
