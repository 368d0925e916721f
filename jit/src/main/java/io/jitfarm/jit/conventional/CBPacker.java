package io.jitfarm.jit.conventional;

import java.util.Locale;

/**
 * The C counterpart of the JIT's {@code BPacker}: copies one B block into the thread's scratch as
 * panels nr columns wide, panel after panel, each {@code kb} rows of nr floats, so the micro-kernel
 * reads B at consecutive addresses. The panel of the last columns of B is padded with zeros to whole
 * vectors. Expects {@code b}, {@code scratch} and the block bounds {@code nStart, nEnd, kStart, kEnd}
 * in scope.
 *
 * @param nr       columns of a panel
 * @param kb       rows reserved per panel, so panel p starts at {@code p * kb * nr} floats
 * @param columns  N, the columns of B
 */
record CBPacker(int nr, int kb, int columns) {

    /** Floats from one panel in scratch to the next. */
    int panelFloats() {
        return kb * nr;
    }

    void emit(CSourceWriter c) {
        int edgeColumns = columns % nr;
        c.open("");
        c.line("const float *source = b + kStart * %d + nStart;", columns);
        c.line("const float *sourceEnd = source + (kEnd - kStart) * %d;", columns);
        c.line("unsigned wholePanelFloats = min_u(nEnd, %d) - nStart;", columns - edgeColumns);
        c.line("float *panelRow = scratch;");
        c.open("for (; source < sourceEnd; source += %d, panelRow += %d)", columns, nr);
        c.line("const float *from = source;");
        c.line("const float *fromEnd = source + wholePanelFloats;");
        c.line("float *to = panelRow;");
        c.block(String.format(Locale.ROOT, "for (; from < fromEnd; from += %d, to += %d)", nr, panelFloats()),
                () -> copy(c, nr));
        if (edgeColumns > 0) {
            c.block(String.format(Locale.ROOT, "if (nEnd == %d)", columns), () -> copy(c, edgeColumns));
        }
        c.close();
        c.close();
    }

    /** Copies one row segment of {@code width} floats, padding the last vector with zeros. */
    private static void copy(CSourceWriter c, int width) {
        for (int v = 0; v < CVectorLanes.vectorsFor(width); v++) {
            int offset = v * CVectorLanes.LANES;
            c.line("wasm_v128_store(to + %d, %s);", offset,
                    CVectorLanes.load(CVectorLanes.lanesOf(v, width), "from + " + offset));
        }
    }
}
