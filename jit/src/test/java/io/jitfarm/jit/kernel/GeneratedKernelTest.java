package io.jitfarm.jit.kernel;

import static org.assertj.core.api.Assertions.assertThat;

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
    void changingReturnedBytesDoesNotChangeTheKernel() {
        GeneratedKernel kernel = ScalarMatMul.generate();
        byte[] handedOut = kernel.module();
        handedOut[0] = 42;

        assertThat(kernel.module()).isEqualTo(ScalarMatMul.generate().module());
    }
}
