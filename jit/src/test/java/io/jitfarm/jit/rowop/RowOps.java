package io.jitfarm.jit.rowop;

import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.op.SoftmaxMask;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tune.Profiles;
import java.util.stream.Stream;

/** One of each row op (every mask mode of softmax), and the device profiles the tests generate for. */
final class RowOps {

    static final DeviceProfile WITH_RELAXED_SIMD = Profiles.X86;
    static final DeviceProfile WITHOUT_RELAXED_SIMD = Profiles.withoutRelaxedSimd(Profiles.X86);

    private RowOps() {
    }

    static Stream<RowOp> all() {
        return Stream.of(new RowOp.Add(), new RowOp.Mul(), new RowOp.LayerNorm(1e-5f), new RowOp.RmsNorm(1e-6f),
                new RowOp.Softmax(0.125f, SoftmaxMask.NONE), new RowOp.Softmax(0.125f, SoftmaxMask.CAUSAL),
                new RowOp.Softmax(1f, SoftmaxMask.ADDITIVE), new RowOp.Gelu(), new RowOp.Silu(), new RowOp.Rotary(),
                new RowOp.Gather(), new RowOp.SwapAxes(), new RowOp.Transpose(), new RowOp.KvAppend());
    }

    /** Every candidate of every op, for one and for two threads, with and without relaxed SIMD. */
    static Stream<RowOpCandidate> allCandidates() {
        return all().flatMap(op -> Stream.of(WITH_RELAXED_SIMD, WITHOUT_RELAXED_SIMD)
                .flatMap(profile -> Stream.of(1, 2).flatMap(threads -> RowOpSpace.candidates(profile, op, threads).stream())))
                .distinct();
    }
}
