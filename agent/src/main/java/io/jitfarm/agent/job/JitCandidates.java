package io.jitfarm.agent.job;

import io.jitfarm.agent.tune.Tuner;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tune.MatMulSpace;
import java.util.List;

/**
 * The tensor-web JIT's spaces: MatMul, batched MatMul and Linear candidates for the device's profile,
 * best-predicted first.
 */
public final class JitCandidates implements CandidateSpace {

    @Override
    public List<Tuner.Candidate> candidates(KernelProblem problem, DeviceProfile profile, int threads, String space) {
        return MatMulSpace.named(space)
                .candidates(profile, problem.op(), problem.shape(), problem.epilogue(), threads).stream()
                .map(c -> new Tuner.Candidate(c.id(), c.description(), c.predictedMs(), c::generate))
                .toList();
    }
}
