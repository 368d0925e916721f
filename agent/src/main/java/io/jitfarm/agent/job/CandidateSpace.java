package io.jitfarm.agent.job;

import io.jitfarm.agent.tune.Tuner;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.List;

/** The JIT's candidates for one kernel on one device, best-predicted first. */
@FunctionalInterface
public interface CandidateSpace {

    /** @param space {@code lite} or {@code full}; empty when the JIT does not generate this kernel */
    List<Tuner.Candidate> candidates(KernelProblem problem, DeviceProfile profile, int threads, String space);
}
