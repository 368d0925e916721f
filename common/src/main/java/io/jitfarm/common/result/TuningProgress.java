package io.jitfarm.common.result;

import java.util.List;

/**
 * The tuner's best-so-far after one more candidate: the convergence curve of one kernel (op + shape).
 *
 * @param elapsedS  seconds since tuning of this kernel began (codegen, compile and timing included)
 * @param bestMs    median latency of the best valid candidate so far; null while none is valid
 * @param tried     candidates evaluated so far, valid or not
 */
public record TuningProgress(String op, List<Integer> shape, double elapsedS, Double bestMs, String bestCandidateId,
                             int tried, int valid) {

    public TuningProgress {
        shape = List.copyOf(shape);
    }

    public String shapeText() {
        return String.join("x", shape.stream().map(String::valueOf).toList());
    }
}
