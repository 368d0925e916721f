package io.jitfarm.jit.model;

import java.util.List;
import java.util.Map;

/**
 * A graph ready to run: its kernel calls in order, and where each tensor is in one memory laid out as
 * [weights][state][activation arena]. Scratch for packing GEMMs goes after {@link #bytes()}, sized by
 * whoever picks the kernels. The arena is planned from live intervals ({@link MemoryPlanner}).
 *
 * @param offsets         byte offset of every tensor
 * @param arenaOffset     where the arena starts
 * @param arenaBytes      the arena's size: the peak of planned memory
 * @param activationBytes what the arena would take without reuse: every input and activation, aligned
 * @param liveBytes       the most bytes live at one step: no plan's arena can be smaller
 */
public record ExecutionPlan(Graph graph, List<KernelCall> calls, Map<Tensor, Long> offsets, long weightBytes,
                            long stateBytes, long arenaOffset, long arenaBytes, long activationBytes, long liveBytes) {

    public ExecutionPlan {
        calls = List.copyOf(calls);
        offsets = Map.copyOf(offsets);
    }

    /** The end of the arena: the memory the plan's tensors need. */
    public long bytes() {
        return arenaOffset + arenaBytes;
    }

    public long offset(Tensor tensor) {
        Long offset = offsets.get(tensor);
        if (offset == null) {
            throw new IllegalArgumentException(tensor + " is not in " + graph);
        }
        return offset;
    }

    /** Whether a 32-bit WebAssembly memory (4 GiB) can hold the plan. */
    public boolean fitsWasm32() {
        return bytes() <= 1L << 32;
    }

    /** E.g. {@code weights 418.2 MiB, state 0 B, arena 27.0 MiB (all activations 181.7 MiB, live at most 27.0 MiB)}. */
    public String summary() {
        return String.format("%s: %d kernel calls; weights %s, state %s, activation arena %s (all activations %s,"
                        + " at most %s live at once)", graph.name(), calls.size(), mebibytes(weightBytes),
                mebibytes(stateBytes), mebibytes(arenaBytes), mebibytes(activationBytes), mebibytes(liveBytes));
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
