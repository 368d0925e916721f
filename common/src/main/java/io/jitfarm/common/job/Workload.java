package io.jitfarm.common.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** One thing a job measures: a kernel at some shapes, or a whole model. */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(Workload.Kernel.class), @JsonSubTypes.Type(Workload.Model.class)})
public sealed interface Workload {

    /** A kernel (e.g. {@code matmul}) measured at each shape; a shape lists the op's dimensions. */
    record Kernel(String kernel, List<List<Integer>> shapes) implements Workload {
        public Kernel {
            shapes = shapes.stream().map(List::copyOf).toList();
        }
    }

    /** A whole model run at a sequence length. */
    record Model(String model, int seq) implements Workload {
    }
}
