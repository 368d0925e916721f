package io.jitfarm.jit.tune;

import io.jitfarm.jit.kernel.HandwrittenSimdMatMul;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.profile.DeviceProfile;
import io.jitfarm.jit.tools.NodeMatMul;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Development aid, not a test: times the lite space of a shape in Node, single-threaded, next to the
 * handwritten kernel in the same process, and prints GFLOP/s beside the cost model's prediction, to
 * check that generated kernels are fast and the model's order is sensible. Figures from Node are
 * indicative only; the browser farm measures for real.
 *
 * <p>Run from the jit module after {@code mvn -o -pl jit install -DskipTests}, with the test classpath:
 * {@code java -cp target/classes:target/test-classes:<assertj jar> io.jitfarm.jit.tune.MatMulSpeedProbe
 * [M,K,N ...]}; default shapes are [640,768,2304] and [128,768,768].
 */
public final class MatMulSpeedProbe {

    /** This machine as DESIGN section 7 describes it: x86 (16 SIMD registers), 32 KiB L1, FMA, 2 cores. */
    private static final DeviceProfile THIS_MACHINE = new DeviceProfile(16, 32 * 1024, 512 * 1024, true, 1.4, 2,
            List.of(1.0, 1.8));
    private static final int ROUNDS = 5;
    private static final int MS_PER_ROUND = 300;

    private MatMulSpeedProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<MatMulShape> shapes = args.length == 0
                ? List.of(new MatMulShape(640, 768, 2304), new MatMulShape(128, 768, 768))
                : List.of(args).stream().map(MatMulSpeedProbe::shape).toList();
        Path dir = Files.createTempDirectory("matmul-speed");
        for (MatMulShape shape : shapes) {
            List<MatMulCandidate> candidates = MatMulSpace.LITE.candidates(THIS_MACHINE, shape, 1);
            List<NodeMatMul.Run> runs = new ArrayList<>();
            runs.add(new NodeMatMul.Run("handwritten simd-4x8", HandwrittenSimdMatMul.generate(), shape, List.of(1)));
            candidates.forEach(c -> runs.add(new NodeMatMul.Run(c.id(), c.generate(), shape, List.of(1))));
            Map<String, MatMulCandidate> byId = candidates.stream()
                    .collect(Collectors.toMap(MatMulCandidate::id, Function.identity()));
            System.out.println(shape + ": GFLOP/s median (best) of " + ROUNDS + " interleaved rounds; predicted");
            for (NodeMatMul.Speed speed : NodeMatMul.bench(dir, "speed", runs, ROUNDS, MS_PER_ROUND)) {
                MatMulCandidate candidate = byId.get(speed.name());
                System.out.printf("  %-52s %6.1f (%5.1f)  %s%n", speed.name(), speed.gflops(), speed.bestGflops(),
                        candidate == null ? "" : String.format("%6.1f", shape.flops() / (candidate.predictedMs() * 1e6)));
            }
        }
    }

    private static MatMulShape shape(String mkn) {
        String[] parts = mkn.replaceAll("[\\[\\]]", "").split(",");
        return new MatMulShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
}
