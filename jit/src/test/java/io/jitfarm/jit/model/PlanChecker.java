package io.jitfarm.jit.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a plan by running it on paper. Weights and state must lie one after the other before the
 * arena. In the arena, memory is an array of 64-byte granules, each holding the tensor last written
 * there: inputs are written first, every call's outputs then claim their granules, and every read
 * must find all of its tensor's granules still holding that tensor. This is independent of how the
 * planner reasons about lifetimes: it catches a tensor read before it was written, and one overwritten
 * while still needed, by whatever cause.
 */
final class PlanChecker {

    private PlanChecker() {
    }

    /** The problems found, empty for a correct plan. */
    static List<String> problems(ExecutionPlan plan) {
        List<String> problems = new ArrayList<>();
        checkFixedRegions(plan, problems);
        Tensor[] holders = new Tensor[Math.toIntExact(plan.arenaBytes() / MemoryPlanner.ALIGNMENT)];
        for (Tensor input : plan.graph().tensors(Tensor.Kind.INPUT)) {
            write(plan, input, holders, problems);
        }
        for (KernelCall call : plan.calls()) {
            for (Tensor read : call.node().reads()) {
                check(plan, read, holders, "read by " + call.node().name(), problems);
            }
            for (Tensor written : call.node().writes()) {
                write(plan, written, holders, problems);
            }
            for (Map.Entry<String, Long> pointer : call.pointers().entrySet()) {
                if (pointer.getValue() != plan.offset(call.node().operands().get(pointer.getKey()))) {
                    problems.add(call.node().name() + " passes " + pointer.getKey() + " at the wrong offset");
                }
            }
        }
        for (Tensor output : plan.graph().outputs()) {
            check(plan, output, holders, "as an output after the last call", problems);
        }
        return problems;
    }

    private static void checkFixedRegions(ExecutionPlan plan, List<String> problems) {
        List<Tensor> fixed = plan.graph().tensors().stream().filter(PlanChecker::fixed)
                .sorted(Comparator.comparingLong(plan::offset)).toList();
        long end = MemoryPlanner.ALIGNMENT;
        for (Tensor tensor : fixed) {
            if (plan.offset(tensor) < end || plan.offset(tensor) % MemoryPlanner.ALIGNMENT != 0) {
                problems.add(tensor + " at " + plan.offset(tensor) + " overlaps the tensor before it or is unaligned");
            }
            end = plan.offset(tensor) + tensor.bytes();
        }
        if (end > plan.arenaOffset()) {
            problems.add("weights and state reach into the arena");
        }
    }

    private static boolean fixed(Tensor tensor) {
        return tensor.kind() == Tensor.Kind.WEIGHT || tensor.kind() == Tensor.Kind.STATE;
    }

    private static void write(ExecutionPlan plan, Tensor tensor, Tensor[] holders, List<String> problems) {
        if (fixed(tensor)) {
            return;
        }
        long offset = plan.offset(tensor) - plan.arenaOffset();
        if (offset < 0 || offset % MemoryPlanner.ALIGNMENT != 0 || offset + tensor.bytes() > plan.arenaBytes()) {
            problems.add(tensor + " at " + plan.offset(tensor) + " is outside the arena or unaligned");
            return;
        }
        for (int granule = first(plan, tensor), last = last(plan, tensor); granule <= last; granule++) {
            holders[granule] = tensor;
        }
    }

    private static void check(ExecutionPlan plan, Tensor tensor, Tensor[] holders, String when, List<String> problems) {
        if (fixed(tensor)) {
            return;
        }
        for (int granule = first(plan, tensor), last = last(plan, tensor); granule <= last; granule++) {
            if (holders[granule] != tensor) {
                problems.add(tensor + " " + when + ": arena byte " + (long) granule * MemoryPlanner.ALIGNMENT + " holds "
                        + (holders[granule] == null ? "nothing written" : holders[granule]));
                return;
            }
        }
    }

    private static int first(ExecutionPlan plan, Tensor tensor) {
        return Math.toIntExact((plan.offset(tensor) - plan.arenaOffset()) / MemoryPlanner.ALIGNMENT);
    }

    private static int last(ExecutionPlan plan, Tensor tensor) {
        return Math.toIntExact((plan.offset(tensor) - plan.arenaOffset() + tensor.bytes() - 1) / MemoryPlanner.ALIGNMENT);
    }
}
