package io.jitfarm.jit.rowop;

import io.jitfarm.jit.op.RowOp;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedule space of a row op: f32x4 or f32, unrolled 1, 2 or 4 times; six candidates, vectors
 * first. FMA exactly when the device has relaxed SIMD, as for MatMul. There is no pruning and no cost
 * model: the ops are memory-bound, and six short measurements settle them.
 */
public final class RowOpSpace {

    private RowOpSpace() {
    }

    public static List<RowOpCandidate> candidates(DeviceProfile profile, RowOp op, int threads) {
        List<RowOpCandidate> candidates = new ArrayList<>();
        for (boolean vector : List.of(true, false)) {
            for (int unroll : RowSchedule.UNROLLS) {
                candidates.add(new RowOpCandidate(op, new RowSchedule(vector, unroll, vector && profile.relaxedSimd(), threads)));
            }
        }
        return candidates;
    }

    /**
     * The schedule a row op gets untuned: f32x4, unrolled 4 times. Row ops take a few percent of a
     * model's time, so whole-model plans use it rather than spend tuning time on them.
     */
    public static RowOpCandidate byDefault(DeviceProfile profile, RowOp op, int threads) {
        return new RowOpCandidate(op, new RowSchedule(true, 4, profile.relaxedSimd(), threads));
    }
}
