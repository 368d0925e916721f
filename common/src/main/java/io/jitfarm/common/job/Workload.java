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

    /**
     * A whole model run at a sequence length.
     *
     * @param phase {@code prefill} (the whole sequence at once) or, for decoders, {@code decode}: one
     *              new token against a KV cache holding {@code seq} earlier ones
     */
    record Model(String model, int seq, String phase) implements Workload {
        public static final String PREFILL = "prefill";
        public static final String DECODE = "decode";

        public Model {
            if (phase == null) {
                phase = PREFILL;
            }
        }

        public Model(String model, int seq) {
            this(model, seq, PREFILL);
        }

        /** The model as results name it: {@code gpt2}, or {@code gpt2-decode} for a decode step. */
        public String label() {
            return phase.equals(DECODE) ? model + "-" + DECODE : model;
        }
    }
}
