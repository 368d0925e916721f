package io.jitfarm.jit.kernel;

import io.jitfarm.jit.wasm.CodeEmitter;
import io.jitfarm.jit.wasm.Local;
import io.jitfarm.jit.wasm.Loops;
import io.jitfarm.jit.wasm.MemoryImport;
import io.jitfarm.jit.wasm.Operand;
import io.jitfarm.jit.wasm.ValType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The JIT's MatMul generator: one kernel for one {@link MatMulSchedule} and one exact shape, with the
 * {@link CallingConvention#MATMUL_THREADED} convention. The shape is baked in (the M, K, N parameters
 * are not read), so strides are constants and edges are known: register tiles that do not fit at the
 * bottom and right of C get micro-kernels of exactly the rows and columns left, inside the kernel.
 *
 * <p>Structure: the calling thread's share of the split axis; three cache-block loops in the
 * schedule's order (B packed where its j and k block are both fixed); in each block, rows of
 * register tiles, each sweeping the block's columns.
 */
public final class TunedMatMul {

    /** 1 GiB: shared memories must declare a maximum, and the page allocates within it. */
    public static final int SHARED_MEMORY_MAX_PAGES = 16384;

    private final MatMulSchedule schedule;
    private final Tiling tiling;
    private final MatMulShape shape;
    private final KernelFunction f;
    private final CodeEmitter code;
    private final Local a;
    private final Local b;
    private final Local c;
    private final Local scratch;
    private final BPacker packer;

    private TunedMatMul(MatMulSchedule schedule, MatMulShape shape) {
        this.schedule = schedule;
        this.tiling = schedule.tiling();
        this.shape = shape;
        this.f = new KernelFunction(CallingConvention.MATMUL_THREADED, memory(schedule.threads()));
        this.code = f.code();
        this.a = f.param("aPtr");
        this.b = f.param("bPtr");
        this.c = f.param("cPtr");
        this.scratch = f.newLocal(ValType.I32);
        this.packer = new BPacker(tiling.nr(), tiling.kb(), shape.n());
    }

    public static GeneratedKernel generate(MatMulSchedule schedule, MatMulShape shape) {
        return new TunedMatMul(schedule, shape).emit();
    }

    /** Unshared for one thread; shared (which requires a maximum) for workers. */
    static MemoryImport memory(int threads) {
        MemoryImport memory = MemoryImport.env(1);
        return threads == 1 ? memory : memory.withMaxPages(SHARED_MEMORY_MAX_PAGES).asShared();
    }

    private GeneratedKernel emit() {
        Axis split = schedule.split().axis();
        Block share = ThreadShare.emit(f, shape.extent(split), tiling.tile(split));
        if (schedule.packB()) {
            code.localGet(f.param("threadIndex")).i32Const(schedule.scratchBytesPerThread()).i32Mul()
                    .localGet(f.param("scratchPtr")).i32Add().localSet(scratch);
        }
        nest(0, new EnumMap<>(Axis.class), share);
        return f.finish(schedule.id(), schedule.scratchBytesPerThread());
    }

    /** The block loops from {@code depth} inwards, then the block body. */
    private void nest(int depth, Map<Axis, Block> bound, Block share) {
        List<Axis> loops = schedule.order().outerToInner();
        if (depth == loops.size()) {
            blockBody(bound.get(Axis.M), bound.get(Axis.N), bound.get(Axis.K));
            return;
        }
        Axis axis = loops.get(depth);
        boolean split = axis == schedule.split().axis();
        Operand start = split ? share.start() : Operand.i32(0);
        Operand end = split ? share.end() : Operand.i32(shape.extent(axis));
        blockLoop(start, end, tiling.block(axis), block -> {
            bound.put(axis, block);
            if (schedule.packB() && depth == schedule.order().packingDepth()) {
                packer.emit(f, b, scratch, bound.get(Axis.N), bound.get(Axis.K));
            }
            nest(depth + 1, bound, share);
        });
    }

    private void blockLoop(Operand start, Operand end, int size, Consumer<Block> body) {
        Block block = new Block(f.newLocal(ValType.I32), f.newLocal(ValType.I32));
        Loops.forRange(code, block.start(), start, end, size, () -> {
            Arithmetic.pushMin(code, emitter -> emitter.localGet(block.start()).i32Const(size).i32Add(), end);
            code.localSet(block.end());
            body.accept(block);
        });
    }

    private void blockBody(Block i, Block j, Block k) {
        int fullRows = shape.m() - shape.m() % tiling.mr();
        ReductionBlock reduction = reductionBlock(k);
        Local rowLimit = f.newLocal(ValType.I32);
        Local columnLimit = f.newLocal(ValType.I32);
        Arithmetic.pushMin(code, i.end(), Operand.i32(fullRows));
        code.localSet(rowLimit);
        Arithmetic.pushMin(code, j.end(), Operand.i32(shape.n() - shape.n() % tiling.nr()));
        code.localSet(columnLimit);

        if (fullRows > 0) {
            Local row = f.newLocal(ValType.I32);
            Loops.forRange(code, row, i.start(), rowLimit, tiling.mr(),
                    () -> rowOfTiles(row, tiling.mr(), j, columnLimit, reduction));
        }
        if (fullRows < shape.m()) {
            atEnd(i, Axis.M, () -> rowOfTiles(Operand.i32(fullRows), shape.m() - fullRows, j, columnLimit, reduction));
        }
    }

    private ReductionBlock reductionBlock(Block k) {
        Local bytes = f.newLocal(ValType.I32);
        code.localGet(k.end()).localGet(k.start()).i32Sub().i32Const(Float.BYTES).i32Mul().localSet(bytes);
        return new ReductionBlock(k.start(), bytes, shape.k() > tiling.kb());
    }

    /** One row of register tiles {@code rows} high across the block's columns. */
    private void rowOfTiles(Operand row, int rows, Block j, Local columnLimit, ReductionBlock reduction) {
        int fullColumns = shape.n() - shape.n() % tiling.nr();
        Local aTile = f.newLocal(ValType.I32);
        Local bTile = f.newLocal(ValType.I32);
        Local cTile = f.newLocal(ValType.I32);
        elementAddress(a, row, reduction.start(), shape.k());
        code.localSet(aTile);
        elementAddress(c, row, j.start(), shape.n());
        code.localSet(cTile);
        if (schedule.packB()) {
            code.localGet(scratch).localSet(bTile);
        } else {
            elementAddress(b, reduction.start(), j.start(), shape.n());
            code.localSet(bTile);
        }
        int bTileStep = schedule.packB() ? packer.panelBytes() : tiling.nr() * Float.BYTES;

        if (fullColumns > 0) {
            Local column = f.newLocal(ValType.I32);
            Loops.forRange(code, column, j.start(), columnLimit, tiling.nr(), () -> {
                microKernel(rows, tiling.nr()).emit(f, aTile, bTile, cTile, reduction);
                code.addTo(cTile, Operand.i32(tiling.nr() * Float.BYTES));
                code.addTo(bTile, Operand.i32(bTileStep));
            });
        }
        if (fullColumns < shape.n()) {
            atEnd(j, Axis.N, () -> microKernel(rows, shape.n() - fullColumns).emit(f, aTile, bTile, cTile, reduction));
        }
    }

    /** Runs {@code edge} only in the block that reaches the end of the axis, where the partial tiles are. */
    private void atEnd(Block block, Axis axis, Runnable edge) {
        code.localGet(block.end()).i32Const(shape.extent(axis)).i32Eq().ifThen(edge);
    }

    private MicroKernel microKernel(int rows, int columns) {
        boolean packed = schedule.packB();
        int bRowBytes = (packed ? tiling.nr() : shape.n()) * Float.BYTES;
        return new MicroKernel(rows, columns, shape.k() * Float.BYTES, bRowBytes, shape.n() * Float.BYTES, packed,
                schedule.unroll(), schedule.fma());
    }

    /** Pushes {@code base + (row * rowLength + column) * 4}. */
    private void elementAddress(Local base, Operand row, Operand column, int rowLength) {
        code.push(row).i32Const(rowLength).i32Mul().push(column).i32Add().i32Const(Float.BYTES).i32Mul()
                .localGet(base).i32Add();
    }
}
