package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.tools.ExternalProcess;
import io.jitfarm.jit.tools.Wabt;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KernelValidationTest {

    @TempDir
    Path dir;

    /** Relaxed SIMD stays disabled: these kernels must run wherever plain SIMD128 runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jitfarm.jit.kernel.Kernels#all")
    void theKernelIsValidWithoutRelaxedSimd(GeneratedKernel kernel) {
        ExternalProcess.Result validation = Wabt.validate(Wabt.write(dir, kernel.variant() + ".wasm", kernel.module()));

        assertThat(validation.exitCode()).as("wasm-validate says: %s", validation.stderr()).isZero();
    }
}
