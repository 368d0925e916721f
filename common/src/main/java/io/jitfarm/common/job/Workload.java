package io.jitfarm.common.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** One thing a job measures: a kernel at some shapes, or a whole model. */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(Workload.Kernel.class), @JsonSubTypes.Type(Workload.Model.class)})
public sealed interface Workload {

    /**
     * A kernel (e.g. {@code matmul}) measured at each shape; a shape lists the op's dimensions.
     *
     * @param bias       Linear only: whether a bias vector is added
     * @param activation Linear only: {@code none}, {@code relu} or {@code gelu}, applied after the bias
     */
    record Kernel(String kernel, List<List<Integer>> shapes, boolean bias, String activation) implements Workload {
        public static final String NO_ACTIVATION = "none";

        public Kernel {
            shapes = shapes.stream().map(List::copyOf).toList();
            if (activation == null) {
                activation = NO_ACTIVATION;
            }
        }

        /** A kernel without epilogue. */
        public Kernel(String kernel, List<List<Integer>> shapes) {
            this(kernel, shapes, false, NO_ACTIVATION);
        }
    }

    /** A whole model run at a sequence length. */
    record Model(String model, int seq) implements Workload {
    }
}
