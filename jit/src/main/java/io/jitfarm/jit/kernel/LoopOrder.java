package io.jitfarm.jit.kernel;

import java.util.List;

/**
 * How the three cache-block loops nest, outermost first; the name lists them as i (M), j (N) and
 * k (K). The order decides which block stays cached while the innermost loop runs, and how often a
 * packed B block is packed: B is packed as soon as both its j and k block are fixed.
 */
public enum LoopOrder {
    /** The C block is finished before the next: its partial sums stay cached across K blocks. */
    IJK(Axis.M, Axis.N, Axis.K),
    /** The A block stays cached while the whole of N streams past it. */
    IKJ(Axis.M, Axis.K, Axis.N),
    /** The B block stays cached while the whole of M streams past it, so a packed block is packed once. */
    JKI(Axis.N, Axis.K, Axis.M);

    private final List<Axis> outerToInner;

    LoopOrder(Axis outer, Axis middle, Axis inner) {
        this.outerToInner = List.of(outer, middle, inner);
    }

    public List<Axis> outerToInner() {
        return outerToInner;
    }

    /** The depth (0 outermost) of the loop inside which B is packed: the later of the N and K loops. */
    public int packingDepth() {
        return Math.max(outerToInner.indexOf(Axis.N), outerToInner.indexOf(Axis.K));
    }

    /** Whether the loop over M runs around the packing, so B is packed again for every M block. */
    public boolean repacksForEachRowBlock() {
        return outerToInner.indexOf(Axis.M) < packingDepth();
    }

    public String id() {
        return name().toLowerCase();
    }
}
