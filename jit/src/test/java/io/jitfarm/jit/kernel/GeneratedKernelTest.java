package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitfarm.jit.wasm.FuncType;
import io.jitfarm.jit.wasm.MemoryImport;
import io.jitfarm.jit.wasm.ValType;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class GeneratedKernelTest {

    @Test
    void theMatmulConventionTakesThreePointersAndThreeDimensions() {
        CallingConvention convention = CallingConvention.MATMUL_ABC_MKN;

        assertThat(convention.parameters()).containsExactly("aPtr", "bPtr", "cPtr", "M", "K", "N");
        assertThat(convention.signature()).isEqualTo(FuncType.procedure(Collections.nCopies(6, ValType.I32)));
    }

    @Test
    void kernelsExportMatmulAndImportAnUnsharedEnvMemory() {
        Kernels.all().forEach(kernel -> {
            assertThat(kernel.entryPoint()).isEqualTo("matmul");
            assertThat(kernel.convention()).isEqualTo(CallingConvention.MATMUL_ABC_MKN);
            assertThat(kernel.memory()).isEqualTo(MemoryImport.env(1));
        });
    }

    @Test
    void runtimeShapeKernelsNeedNoScratch() {
        Kernels.all().forEach(kernel -> assertThat(kernel.scratchBytesPerThread()).isZero());
    }

    @Test
    void aKernelCannotAskForNegativeScratch() {
        GeneratedKernel kernel = ScalarMatMul.generate();

        assertThatThrownBy(() -> new GeneratedKernel("x", kernel.module(), "matmul", kernel.convention(), kernel.memory(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changingReturnedBytesDoesNotChangeTheKernel() {
        GeneratedKernel kernel = ScalarMatMul.generate();
        byte[] handedOut = kernel.module();
        handedOut[0] = 42;

        assertThat(kernel.module()).isEqualTo(ScalarMatMul.generate().module());
    }
}
