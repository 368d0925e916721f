package io.jitfarm.jit.conventional;

import io.jitfarm.jit.kernel.Axis;
import io.jitfarm.jit.kernel.CallingConvention;
import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.kernel.TunedMatMul;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first step of the conventional pipeline (tensor schedule, then C, then LLVM and wasm-ld): C
 * source computing what {@link TunedMatMul} computes for the same schedule and shape, with the same
 * structure, so the two pipelines compile the same kernel. Like the JIT's, the function has the
 * {@link CallingConvention#MATMUL_THREADED} convention over an imported memory and bakes the shape
 * in: the calling thread's share of the split axis (the JIT's {@code ThreadShare}), the three cache
 * block loops in the schedule's order with B packed where its j and k blocks are both fixed, then
 * rows of register tiles sweeping the block's columns, with exact-size tiles at the bottom and right
 * edges of C, in the block that reaches them.
 *
 * <p>The source differs from the JIT's kernel in one way, forced by the compiler: see
 * {@link #FMA_SUBSTITUTION}. What clang -O3 then makes of it (its own scheduling, unrolling and
 * control flow) is what the conventional pipeline does, and part of what it costs.
 */
public final class CMatMulSource {

    public static final String ENTRY_POINT = "matmul";

    /** Why FMA schedules multiply and add in C; the compile-cost report prints it. */
    public static final String FMA_SUBSTITUTION = "FMA schedules are compiled with f32x4.mul + f32x4.add in C:"
            + " clang 14's only relaxed-SIMD FMA builtin (__builtin_wasm_fma_f32x4, with -mrelaxed-simd) emits the"
            + " pre-standard opcode 0xfd 0xaf 0x01, which V8 (Node 20, Chromium) and wabt 1.0.32 reject; the"
            + " standard f32x4.relaxed_madd (0xfd 0x85 0x02) came with clang 16.";

    private static final String PRELUDE = """
            #include <wasm_simd128.h>

            static inline unsigned min_u(unsigned x, unsigned y) { return x < y ? x : y; }
            """ + CVectorLanes.PRELUDE;

    private final MatMulSchedule schedule;
    private final Tiling tiling;
    private final MatMulShape shape;
    private final CBPacker packer;
    private final CSourceWriter body = new CSourceWriter();
    /** The tile sizes the body uses, by function name, each defined once before the body. */
    private final Map<String, CMicroKernel> tiles = new LinkedHashMap<>();

    private CMatMulSource(MatMulSchedule schedule, MatMulShape shape) {
        this.schedule = schedule;
        this.tiling = schedule.tiling();
        this.shape = shape;
        this.packer = new CBPacker(tiling.nr(), tiling.kb(), shape.n());
    }

    public static String generate(MatMulSchedule schedule, MatMulShape shape) {
        return new CMatMulSource(schedule, shape).emit();
    }

    private String emit() {
        body.open("void %s(const float *a, const float *b, float *c, unsigned m, unsigned k, unsigned n,"
                + " char *scratchPtr, unsigned threadIndex, unsigned threadCount)", ENTRY_POINT);
        body.line("// The shape is baked in, as in the JIT's kernel: m, k and n are not read.");
        threadShare();
        if (schedule.packB()) {
            body.line("float *scratch = (float *) (scratchPtr + threadIndex * %d);", schedule.scratchBytesPerThread());
        }
        nest(0);
        body.close();

        CSourceWriter source = new CSourceWriter();
        source.line("// %s for [M,K,N] = %s, the C of the conventional pipeline.", schedule.id(), shape);
        if (schedule.fma()) {
            source.line("// The schedule asks for relaxed-SIMD FMA: multiply and add instead (see CMatMulSource).");
        }
        source.line(PRELUDE);
        tiles.values().forEach(tile -> {
            tile.define(source);
            source.blankLine();
        });
        return source + body.toString();
    }

    /** Thread t of T gets register tiles [tiles * t / T, tiles * (t + 1) / T) of the split axis; none means return. */
    private void threadShare() {
        Axis axis = schedule.split().axis();
        int tile = tiling.tile(axis);
        int tileCount = (shape.extent(axis) + tile - 1) / tile;
        body.line("unsigned shareStart = %d * threadIndex / threadCount * %d;", tileCount, tile);
        body.line("unsigned shareEnd = min_u(%d * (threadIndex + 1) / threadCount * %d, %d);", tileCount, tile,
                shape.extent(axis));
        body.line("if (shareStart >= shareEnd) return;");
    }

    /** The block loops from {@code depth} inwards, then the block body; axis X's block is [xStart, xEnd). */
    private void nest(int depth) {
        List<Axis> loops = schedule.order().outerToInner();
        if (depth == loops.size()) {
            blockBody();
            return;
        }
        Axis axis = loops.get(depth);
        boolean split = axis == schedule.split().axis();
        String start = split ? "shareStart" : "0";
        String end = split ? "shareEnd" : Integer.toString(shape.extent(axis));
        String name = axis.name().toLowerCase(Locale.ROOT);
        int size = tiling.block(axis);
        body.open("for (unsigned %sStart = %s; %sStart < %s; %sStart += %d)", name, start, name, end, name, size);
        body.line("unsigned %sEnd = min_u(%sStart + %d, %s);", name, name, size, end);
        if (schedule.packB() && depth == schedule.order().packingDepth()) {
            packer.emit(body);
        }
        nest(depth + 1);
        body.close();
    }

    private void blockBody() {
        int fullRows = shape.m() - shape.m() % tiling.mr();
        int fullColumns = shape.n() - shape.n() % tiling.nr();
        body.line("unsigned depth = kEnd - kStart;");
        if (fullColumns > 0) {
            body.line("unsigned columnLimit = min_u(nEnd, %d);", fullColumns);
        }
        if (fullRows > 0) {
            body.line("unsigned rowLimit = min_u(mEnd, %d);", fullRows);
            String loop = String.format(Locale.ROOT, "for (unsigned row = mStart; row < rowLimit; row += %d)",
                    tiling.mr());
            body.block(loop, () -> rowOfTiles("row", tiling.mr()));
        }
        if (fullRows < shape.m()) {
            body.block(String.format(Locale.ROOT, "if (mEnd == %d)", shape.m()),
                    () -> rowOfTiles(Integer.toString(fullRows), shape.m() - fullRows));
        }
    }

    /**
     * One row of register tiles {@code rows} high, starting at row {@code row} of C, across the block's
     * columns; written inside a loop or if body, which scopes its variables.
     */
    private void rowOfTiles(String row, int rows) {
        int fullColumns = shape.n() - shape.n() % tiling.nr();
        body.line("const float *aTile = a + %s * %d + kStart;", row, shape.k());
        body.line("float *cTile = c + %s * %d + nStart;", row, shape.n());
        body.line(schedule.packB() ? "const float *bTile = scratch;"
                : String.format(Locale.ROOT, "const float *bTile = b + kStart * %d + nStart;", shape.n()));
        int bTileStep = schedule.packB() ? packer.panelFloats() : tiling.nr();
        if (fullColumns > 0) {
            String loop = String.format(Locale.ROOT,
                    "for (unsigned column = nStart; column < columnLimit; column += %d)", tiling.nr());
            body.block(loop, () -> {
                tile(rows, tiling.nr());
                body.line("cTile += %d;", tiling.nr());
                body.line("bTile += %d;", bTileStep);
            });
        }
        if (fullColumns < shape.n()) {
            body.block(String.format(Locale.ROOT, "if (nEnd == %d)", shape.n()),
                    () -> tile(rows, shape.n() - fullColumns));
        }
    }

    /** Calls the tile of this size on the current pointers and K block, defining it on first use. */
    private void tile(int rows, int columns) {
        boolean packed = schedule.packB();
        CMicroKernel tile = new CMicroKernel(rows, columns, shape.k(), packed ? tiling.nr() : shape.n(), shape.n(),
                packed, schedule.unroll(), shape.k() > tiling.kb());
        tiles.putIfAbsent(tile.name(), tile);
        body.line(tile.call("aTile", "bTile", "cTile", "kStart", "depth"));
    }
}
