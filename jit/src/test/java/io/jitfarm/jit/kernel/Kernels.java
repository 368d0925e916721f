package io.jitfarm.jit.kernel;

import java.util.stream.Stream;

/** Every MatMul kernel generator, for tests that must hold for all of them. */
final class Kernels {

    private Kernels() {
    }

    static Stream<GeneratedKernel> all() {
        return Stream.of(ScalarMatMul.generate(), HandwrittenSimdMatMul.generate());
    }
}
