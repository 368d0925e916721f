package io.jitfarm.jit.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Assembles a module from function types, an imported memory, functions and exports. */
public final class ModuleBuilder {

    private static final byte[] MAGIC_AND_VERSION = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    private static final int EXPORT_KIND_FUNCTION = 0x00;

    private final List<FuncType> types = new ArrayList<>();
    private final List<FunctionBuilder> functions = new ArrayList<>();
    private final Map<String, FunctionBuilder> exports = new LinkedHashMap<>();
    private MemoryImport memory;

    public ModuleBuilder importMemory(MemoryImport memoryImport) {
        if (memory != null) {
            throw new IllegalStateException("a module imports one memory; already has " + memory);
        }
        memory = memoryImport;
        return this;
    }

    public FunctionBuilder function(FuncType type) {
        // No functions are imported, so a function's index is its position among the defined ones.
        FunctionBuilder function = new FunctionBuilder(type, typeIndex(type), functions.size());
        functions.add(function);
        return function;
    }

    public ModuleBuilder exportFunction(String name, FunctionBuilder function) {
        if (!functions.contains(function)) {
            throw new IllegalArgumentException("function of another module exported as " + name);
        }
        if (exports.putIfAbsent(name, function) != null) {
            throw new IllegalArgumentException("export name used twice: " + name);
        }
        return this;
    }

    public byte[] build() {
        ByteSink module = new ByteSink().bytes(MAGIC_AND_VERSION);
        // Sections must appear in increasing id order; empty ones are left out.
        section(module, SectionId.TYPE, types.size(), out -> types.forEach(type -> type.writeTo(out)));
        section(module, SectionId.IMPORT, memory == null ? 0 : 1, out -> memory.writeTo(out));
        section(module, SectionId.FUNCTION, functions.size(),
                out -> functions.forEach(function -> out.u32(function.typeIndex())));
        section(module, SectionId.EXPORT, exports.size(), out -> exports.forEach(
                (name, function) -> out.name(name).u8(EXPORT_KIND_FUNCTION).u32(function.functionIndex())));
        section(module, SectionId.CODE, functions.size(),
                out -> functions.forEach(function -> function.writeBodyTo(out)));
        return module.toByteArray();
    }

    private int typeIndex(FuncType type) {
        int existing = types.indexOf(type);
        if (existing >= 0) {
            return existing;
        }
        types.add(type);
        return types.size() - 1;
    }

    private static void section(ByteSink module, SectionId id, int entries, Consumer<ByteSink> writeEntries) {
        if (entries == 0) {
            return;
        }
        ByteSink content = new ByteSink().u32(entries);
        writeEntries.accept(content);
        module.u8(id.code()).sized(content);
    }
}
