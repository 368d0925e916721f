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
 * {@link CallingConvention#MATMUL_THREADED} convention; the same generator makes batched MatMuls
 * ({@link #generateBatched}, {@link CallingConvention#BATCH_MATMUL_THREADED}: a batch loop around the
 * same blocks) and Linear layers ({@link #generateLinear}, {@link CallingConvention#LINEAR_THREADED}:
 * the same loops with an {@link Epilogue} fused into the register tiles' stores). The shape is baked in (the M, K, N parameters
 * are not read), so strides are constants and edges are known: register tiles that do not fit at the
 * bottom and right of C get micro-kernels of exactly the rows and columns left, inside the kernel.
 *
 * <p>Structure: the calling thread's share of the split axis; three cache-block loops in the
 * schedule's order (B packed where its j and k block are both fixed); in each block, rows of
 * register tiles, each sweeping the block's columns. Batched, the thread's share is a contiguous run
 * of the B x (split-axis tiles) pieces of work, and the batch loop runs the block loops once per batch
 * the run touches, on that batch's part of the split axis.
 */
public final class TunedMatMul {

    /** 1 GiB: shared memories must declare a maximum, and the page allocates within it. */
    public static final int SHARED_MEMORY_MAX_PAGES = 16384;

    private final MatMulSchedule schedule;
    private final Tiling tiling;
    private final MatMulShape shape;
    private final int batches;
    private final Epilogue epilogue;
    private final KernelFunction f;
    private final CodeEmitter code;
    /** A, B and C of the current batch: the parameters themselves unless batched. */
    private final Local a;
    private final Local b;
    private final Local c;
    private final Local bias;
    private final Local scratch;
    private final BPacker packer;

    private TunedMatMul(MatMulSchedule schedule, MatMulShape shape, CallingConvention convention, int batches,
                        Epilogue epilogue) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches must be positive: " + batches);
        }
        this.schedule = schedule;
        this.tiling = schedule.tiling();
        this.shape = shape;
        this.batches = batches;
        this.epilogue = epilogue;
        this.f = new KernelFunction(convention, memory(schedule.threads()));
        this.code = f.code();
        boolean batched = convention == CallingConvention.BATCH_MATMUL_THREADED;
        this.a = batched ? f.newLocal(ValType.I32) : f.param("aPtr");
        this.b = batched ? f.newLocal(ValType.I32)
                : f.param(convention == CallingConvention.LINEAR_THREADED ? "wPtr" : "bPtr");
        this.c = batched ? f.newLocal(ValType.I32) : f.param("cPtr");
        this.bias = epilogue.bias() ? f.param("biasPtr") : null;
        this.scratch = f.newLocal(ValType.I32);
        this.packer = new BPacker(tiling.nr(), tiling.kb(), shape.n());
    }

    /** C[M,N] = A[M,K] x B[K,N] with {@link CallingConvention#MATMUL_THREADED}. */
    public static GeneratedKernel generate(MatMulSchedule schedule, MatMulShape shape) {
        return new TunedMatMul(schedule, shape, CallingConvention.MATMUL_THREADED, 1, Epilogue.NONE).emit();
    }

    /**
     * C[b] = A[b] x B[b] for {@code batches} matrices of {@code shape} each, with
     * {@link CallingConvention#BATCH_MATMUL_THREADED}; the schedule applies to each matrix.
     */
    public static GeneratedKernel generateBatched(MatMulSchedule schedule, int batches, MatMulShape shape) {
        return new TunedMatMul(schedule, shape, CallingConvention.BATCH_MATMUL_THREADED, batches, Epilogue.NONE).emit();
    }

    /** C[M,N] = act(A[M,K] x W[K,N] (+ bias[N])) with {@link CallingConvention#LINEAR_THREADED}. */
    public static GeneratedKernel generateLinear(MatMulSchedule schedule, MatMulShape shape, Epilogue epilogue) {
        return new TunedMatMul(schedule, shape, CallingConvention.LINEAR_THREADED, 1, epilogue).emit();
    }

    /** Unshared for one thread; shared (which requires a maximum) for workers. */
    public static MemoryImport memory(int threads) {
        MemoryImport memory = MemoryImport.env(1);
        return threads == 1 ? memory : memory.withMaxPages(SHARED_MEMORY_MAX_PAGES).asShared();
    }

    private GeneratedKernel emit() {
        Axis split = schedule.split().axis();
        int extent = shape.extent(split);
        int tile = tiling.tile(split);
        if (f.convention() != CallingConvention.BATCH_MATMUL_THREADED) {
            Block share = ThreadShare.emit(f, extent, tile);
            scratchPointer();
            nest(0, new EnumMap<>(Axis.class), share);
        } else {
            int tiles = (extent + tile - 1) / tile;
            Block items = ThreadShare.items(f, Math.multiplyExact(batches, tiles));
            scratchPointer();
            Local batch = f.newLocal(ValType.I32);
            Local batchEnd = f.newLocal(ValType.I32);
            Local firstItem = f.newLocal(ValType.I32);
            Block share = new Block(f.newLocal(ValType.I32), f.newLocal(ValType.I32));
            code.localGet(items.end()).i32Const(tiles - 1).i32Add().i32Const(tiles).i32DivU().localSet(batchEnd);
            code.localGet(items.start()).i32Const(tiles).i32DivU().localSet(batch);
            Loops.whileBelow(code, batch, batchEnd, 1, () -> {
                batchBase(a, "aPtr", batch, (long) shape.m() * shape.k());
                batchBase(b, "bPtr", batch, (long) shape.k() * shape.n());
                batchBase(c, "cPtr", batch, (long) shape.m() * shape.n());
                // This batch's items are [batch * tiles, (batch + 1) * tiles); the share is their overlap.
                code.localGet(batch).i32Const(tiles).i32Mul().localSet(firstItem);
                Arithmetic.pushMax(code, items.start(), firstItem);
                code.localGet(firstItem).i32Sub().i32Const(tile).i32Mul().localSet(share.start());
                code.localGet(items.end()).localGet(firstItem).i32Sub().localSet(share.end());
                Arithmetic.pushMin(code, share.end(), Operand.i32(tiles));
                code.i32Const(tile).i32Mul().localSet(share.end());
                Arithmetic.pushMin(code, share.end(), Operand.i32(extent));
                code.localSet(share.end());
                nest(0, new EnumMap<>(Axis.class), share);
            });
        }
        return f.finish(schedule.id() + epilogue.idSuffix(), schedule.scratchBytesPerThread());
    }

    private void scratchPointer() {
        if (schedule.packB()) {
            code.localGet(f.param("threadIndex")).i32Const(schedule.scratchBytesPerThread()).i32Mul()
                    .localGet(f.param("scratchPtr")).i32Add().localSet(scratch);
        }
    }

    /** {@code base = parameter + batch * elements * 4}. */
    private void batchBase(Local base, String parameter, Local batch, long elements) {
        code.localGet(batch).i32Const(Math.toIntExact(elements * Float.BYTES)).i32Mul()
                .localGet(f.param(parameter)).i32Add().localSet(base);
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
        return new ReductionBlock(k.start(), bytes, shape.k() > tiling.kb(), k.end(), shape.k());
    }

    /** One row of register tiles {@code rows} high across the block's columns. */
    private void rowOfTiles(Operand row, int rows, Block j, Local columnLimit, ReductionBlock reduction) {
        int fullColumns = shape.n() - shape.n() % tiling.nr();
        Local aTile = f.newLocal(ValType.I32);
        Local bTile = f.newLocal(ValType.I32);
        Local cTile = f.newLocal(ValType.I32);
        Local biasTile = bias == null ? null : f.newLocal(ValType.I32);
        if (biasTile != null) {
            code.localGet(j.start()).i32Const(Float.BYTES).i32Mul().localGet(bias).i32Add().localSet(biasTile);
        }
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
                microKernel(rows, tiling.nr()).emit(f, aTile, bTile, cTile, biasTile, reduction);
                code.addTo(cTile, Operand.i32(tiling.nr() * Float.BYTES));
                if (biasTile != null) {
                    code.addTo(biasTile, Operand.i32(tiling.nr() * Float.BYTES));
                }
                code.addTo(bTile, Operand.i32(bTileStep));
            });
        }
        if (fullColumns < shape.n()) {
            atEnd(j, Axis.N, () -> microKernel(rows, shape.n() - fullColumns)
                    .emit(f, aTile, bTile, cTile, biasTile, reduction));
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
                schedule.unroll(), schedule.fma(), epilogue);
    }

    /** Pushes {@code base + (row * rowLength + column) * 4}. */
    private void elementAddress(Local base, Operand row, Operand column, int rowLength) {
        code.push(row).i32Const(rowLength).i32Mul().push(column).i32Add().i32Const(Float.BYTES).i32Mul()
                .localGet(base).i32Add();
    }
}
