package io.jitfarm.jit.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.tools.ExternalProcess;
import io.jitfarm.jit.tools.Wabt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules the builder writes are checked by wabt's wasm-validate, which must be installed. */
class ModuleValidationTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyModuleIsValid() {
        assertValid(Wabt.validate(Wabt.write(dir, "empty.wasm", new ModuleBuilder().build())));
    }

    @Test
    void aModuleImportingASharedMemoryIsValidWithThreads() {
        ModuleBuilder module = new ModuleBuilder().importMemory(MemoryImport.env(1).withMaxPages(16384).asShared());
        FunctionBuilder store = module.function(FuncType.procedure(List.of(ValType.I32)));
        store.code().localGet(store.param(0)).f32Const(1f).f32Store(0);
        module.exportFunction("store", store);

        assertValid(Wabt.validate(Wabt.write(dir, "shared.wasm", module.build())));
    }

    /**
     * wabt 1.0.32 validates relaxed SIMD. Node 20 would run it only behind
     * --experimental-wasm-relaxed-simd, so this module is not executed here.
     */
    @Test
    void aModuleUsingRelaxedMaddIsValidOnlyWithRelaxedSimd() {
        Path file = Wabt.write(dir, "relaxed.wasm", fusedMultiplyAdd());

        assertValid(Wabt.validate(file, Wabt.RELAXED_SIMD));
        assertThat(Wabt.validate(file).exitCode()).as("without --enable-relaxed-simd").isNotZero();
    }

    private static byte[] fusedMultiplyAdd() {
        ModuleBuilder module = new ModuleBuilder().importMemory(MemoryImport.env(1));
        FunctionBuilder madd = module.function(FuncType.procedure(List.of(ValType.I32)));
        Local address = madd.param(0);
        madd.code()
                .localGet(address)
                .localGet(address).v128Load(0)
                .localGet(address).v128Load(16)
                .localGet(address).v128Load(32)
                .f32x4RelaxedMadd()
                .v128Store(48);
        module.exportFunction("madd", madd);
        return module.build();
    }

    private static void assertValid(ExternalProcess.Result validation) {
        assertThat(validation.exitCode()).as("wasm-validate says: %s", validation.stderr()).isZero();
    }
}
