package io.jitfarm.agent.job;

import io.jitfarm.agent.tune.Tuner;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.op.KernelOp;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tune.MatMulSpace;
import java.util.List;

/** The tensor-web JIT's spaces: MatMul candidates for the device's profile, best-predicted first. */
public final class JitCandidates implements CandidateSpace {

    @Override
    public List<Tuner.Candidate> candidates(KernelOp op, List<Integer> shape, DeviceProfile profile, int threads,
                                            String space) {
        if (op != KernelOp.MATMUL) {
            return List.of();
        }
        return MatMulSpace.named(space).candidates(profile, new MatMulShape(shape.get(0), shape.get(1), shape.get(2)),
                        threads).stream()
                .map(c -> new Tuner.Candidate(c.id(), c.description(), c.predictedMs(), c::generate))
                .toList();
    }
}
