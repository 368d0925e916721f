package io.jitfarm.jit.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a graph's memory: weights and state one after the other (each lives for the whole run),
 * then an arena in which inputs and activations reuse each other's bytes once dead. Arena placement is
 * greedy by size over live intervals: largest tensor first, each at the lowest offset where it
 * overlaps no tensor already placed whose interval meets its own. Large tensors go in first and tend
 * to stack where their lifetimes allow, so the peak stays close to the largest live set.
 */
public final class MemoryPlanner {

    /** Every tensor starts on a cache line. The first line stays unused, so no tensor is at address 0. */
    public static final int ALIGNMENT = 64;

    private MemoryPlanner() {
    }

    public static ExecutionPlan plan(Graph graph) {
        Map<Tensor, Long> offsets = new HashMap<>();
        long weightsEnd = sequential(graph.tensors(Tensor.Kind.WEIGHT), ALIGNMENT, offsets);
        long stateEnd = sequential(graph.tensors(Tensor.Kind.STATE), weightsEnd, offsets);
        List<LiveInterval> intervals = liveIntervals(graph);
        long arenaBytes = 0;
        for (Map.Entry<Tensor, Long> placed : greedyBySize(intervals).entrySet()) {
            offsets.put(placed.getKey(), stateEnd + placed.getValue());
            arenaBytes = Math.max(arenaBytes, placed.getValue() + aligned(placed.getKey().bytes()));
        }
        List<KernelCall> calls = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Map<String, Long> pointers = new LinkedHashMap<>();
            node.operands().forEach((pointer, tensor) -> pointers.put(pointer, offsets.get(tensor)));
            calls.add(new KernelCall(node, pointers));
        }
        long activationBytes = intervals.stream().mapToLong(interval -> aligned(interval.tensor().bytes())).sum();
        return new ExecutionPlan(graph, calls, offsets, weightsEnd - ALIGNMENT, stateEnd - weightsEnd, stateEnd, arenaBytes,
                activationBytes, liveBytes(graph, intervals));
    }

    /** The live interval of every input and activation, in the graph's tensor order. */
    public static List<LiveInterval> liveIntervals(Graph graph) {
        Map<Tensor, int[]> bounds = new LinkedHashMap<>();
        for (Tensor tensor : graph.tensors()) {
            if (tensor.kind() == Tensor.Kind.INPUT) {
                bounds.put(tensor, new int[] {-1, -1});
            }
        }
        List<Node> nodes = graph.nodes();
        for (int step = 0; step < nodes.size(); step++) {
            for (Tensor written : nodes.get(step).writes()) {
                if (written.kind() == Tensor.Kind.ACTIVATION) {
                    bounds.put(written, new int[] {step, step});
                }
            }
            for (Tensor read : nodes.get(step).reads()) {
                int[] interval = bounds.get(read);
                if (interval != null) {
                    interval[1] = step;
                }
            }
        }
        for (Tensor output : graph.outputs()) {
            bounds.get(output)[1] = nodes.size();
        }
        List<LiveInterval> intervals = new ArrayList<>();
        bounds.forEach((tensor, interval) -> intervals.add(new LiveInterval(tensor, interval[0], interval[1])));
        return intervals;
    }

    /** Offsets from the arena's start. */
    private static Map<Tensor, Long> greedyBySize(List<LiveInterval> intervals) {
        List<LiveInterval> bySize = new ArrayList<>(intervals);
        bySize.sort(Comparator.comparingLong((LiveInterval interval) -> interval.tensor().bytes()).reversed()
                .thenComparingInt(LiveInterval::start));
        Map<Tensor, Long> offsets = new LinkedHashMap<>();
        List<LiveInterval> placed = new ArrayList<>();
        for (LiveInterval interval : bySize) {
            long size = aligned(interval.tensor().bytes());
            List<LiveInterval> conflicts = placed.stream().filter(interval::overlaps)
                    .sorted(Comparator.comparingLong(other -> offsets.get(other.tensor()))).toList();
            long offset = 0;
            for (LiveInterval conflict : conflicts) {
                long start = offsets.get(conflict.tensor());
                if (start - offset >= size) {
                    break;
                }
                offset = Math.max(offset, start + aligned(conflict.tensor().bytes()));
            }
            offsets.put(interval.tensor(), offset);
            placed.add(interval);
        }
        return offsets;
    }

    /** The most aligned bytes live at one step, from before the first node to after the last. */
    private static long liveBytes(Graph graph, List<LiveInterval> intervals) {
        long most = 0;
        for (int step = -1; step <= graph.nodes().size(); step++) {
            int at = step;
            most = Math.max(most, intervals.stream().filter(interval -> interval.contains(at))
                    .mapToLong(interval -> aligned(interval.tensor().bytes())).sum());
        }
        return most;
    }

    /** Lays tensors out one after the other from {@code start}; returns the end. */
    private static long sequential(List<Tensor> tensors, long start, Map<Tensor, Long> offsets) {
        long end = start;
        for (Tensor tensor : tensors) {
            offsets.put(tensor, end);
            end += aligned(tensor.bytes());
        }
        return end;
    }

    static long aligned(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
