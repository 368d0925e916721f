package io.jitfarm.jit.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleBuilderTest {

    private static final FuncType TAKES_I32 = FuncType.procedure(List.of(ValType.I32));

    @Test
    void anEmptyModuleIsJustTheMagicNumberAndVersion() {
        assertThat(Hex.of(new ModuleBuilder().build())).isEqualTo("00 61 73 6D 01 00 00 00");
    }

    @Test
    void aTinyModuleHasEachSectionInOrderWithItsExactSize() {
        ModuleBuilder module = new ModuleBuilder().importMemory(MemoryImport.env(1));
        FunctionBuilder function = module.function(TAKES_I32);
        function.newLocal(ValType.F32);
        module.exportFunction("f", function);

        assertThat(Hex.of(module.build())).isEqualTo(String.join(" ",
                "00 61 73 6D 01 00 00 00",
                "01 05  01 60 01 7F 00",
                "02 0F  01 03 65 6E 76 06 6D 65 6D 6F 72 79 02 00 01",
                "03 02  01 00",
                "07 05  01 01 66 00 00",
                "0A 06  01 04 01 01 7D 0B").replace("  ", " "));
    }

    @Test
    void functionsWithTheSameSignatureShareOneTypeEntry() {
        ModuleBuilder module = new ModuleBuilder();
        module.function(TAKES_I32);
        module.function(FuncType.procedure(List.of(ValType.F32)));
        module.function(FuncType.procedure(List.of(ValType.I32)));

        ModuleLayout layout = ModuleLayout.of(module.build());

        assertThat(layout.ids()).containsExactly(1, 3, 10);
        assertThat(Hex.of(layout.content(1))).isEqualTo("02 60 01 7F 00 60 01 7D 00");
        assertThat(Hex.of(layout.content(3))).as("type index of each function").isEqualTo("03 00 01 00");
    }

    @Test
    void consecutiveLocalsOfOneTypeAreDeclaredAsOneRun() {
        ModuleBuilder module = new ModuleBuilder();
        FunctionBuilder function = module.function(TAKES_I32);
        Local first = function.newLocal(ValType.I32);
        function.newLocal(ValType.I32);
        function.newLocal(ValType.V128);
        Local last = function.newLocal(ValType.I32);

        assertThat(first.index()).as("locals are numbered after the parameters").isEqualTo(1);
        assertThat(last).isEqualTo(new Local(4, ValType.I32));
        assertThat(Hex.of(ModuleLayout.of(module.build()).content(10)))
                .isEqualTo("01 08 03 02 7F 01 7B 01 7F 0B");
    }

    @Test
    void aSharedMemoryIsImportedWithItsMaximum() {
        byte[] module = new ModuleBuilder().importMemory(MemoryImport.env(2).withMaxPages(300).asShared()).build();

        assertThat(Hex.of(ModuleLayout.of(module).content(2))).endsWith("02 03 02 AC 02");
    }

    @Test
    void aSharedMemoryWithoutMaximumIsRefused() {
        assertThatThrownBy(() -> MemoryImport.env(1).asShared())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shared memory needs a maximum");
    }

    @Test
    void aMaximumBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> MemoryImport.env(4).withMaxPages(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExportNameCanBeUsedOnlyOnce() {
        ModuleBuilder module = new ModuleBuilder();
        FunctionBuilder function = module.function(TAKES_I32);
        module.exportFunction("run", function);

        assertThatThrownBy(() -> module.exportFunction("run", function)).hasMessageContaining("used twice: run");
    }

    @Test
    void aFunctionOfAnotherModuleCannotBeExported() {
        FunctionBuilder foreign = new ModuleBuilder().function(TAKES_I32);

        assertThatThrownBy(() -> new ModuleBuilder().exportFunction("run", foreign))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
