package io.jitfarm.jit.conventional;

import io.jitfarm.jit.wasm.MemoryImport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The back half of the conventional pipeline: one C kernel compiled by clang (front end and LLVM's
 * wasm32 back end) and linked by wasm-ld into a module of one exported function over an imported
 * memory, one clang process per kernel as a tuner would run it. The wall time covers the whole
 * driver: compilation, the wasm-ld process and writing the module.
 */
public final class ClangPipeline {

    /** clang 14 and wasm-ld 14 from Debian, found on the PATH. */
    public static final String DEFAULT_CLANG = "clang";

    private static final int PAGE_BYTES = 65536;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** A module and what producing it cost. */
    public record Compilation(byte[] module, long wallNanos) {

        public Compilation {
            module = module.clone();
        }

        @Override
        public byte[] module() {
            return module.clone();
        }

        public double wallMs() {
            return wallNanos / 1e6;
        }
    }

    private final String clang;
    private final Path workDirectory;

    /** @param workDirectory where the C sources and modules are written (and left, for reading) */
    public ClangPipeline(String clang, Path workDirectory) {
        this.clang = clang;
        this.workDirectory = workDirectory;
    }

    /** clang's first line of {@code --version}, e.g. {@code Debian clang version 14.0.6}. */
    public String version() {
        return ToolProcess.output(List.of(clang, "--version"), TIMEOUT).lines().findFirst().orElse("?");
    }

    /**
     * Compiles {@code source}, which must define the exported function {@link CMatMulSource#ENTRY_POINT},
     * into a module that imports {@code memory} as {@code env.memory}. {@code name} names the files.
     */
    public Compilation compile(String name, String source, MemoryImport memory) {
        Path c = workDirectory.resolve(name + ".c");
        Path wasm = workDirectory.resolve(name + ".wasm");
        try {
            Files.writeString(c, source);
            Files.deleteIfExists(wasm);
            List<String> command = new ArrayList<>(List.of(clang));
            command.addAll(flags(memory));
            command.addAll(List.of(c.toString(), "-o", wasm.toString()));
            ToolProcess.Result result = ToolProcess.run(command, TIMEOUT);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("clang failed on " + c + " (exit " + result.exitCode() + "):\n"
                        + result.output());
            }
            return new Compilation(Files.readAllBytes(wasm), result.wallNanos());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything but the files: target and optimization, then what the linker makes of the memory. */
    public static List<String> flags(MemoryImport memory) {
        List<String> flags = new ArrayList<>(List.of("--target=wasm32", "-O3", "-msimd128", "-nostdlib"));
        if (memory.shared()) {
            // wasm-ld refuses a shared memory unless the objects were compiled for atomics and bulk memory.
            flags.addAll(List.of("-matomics", "-mbulk-memory"));
        }
        flags.addAll(List.of(
                "-Wl,--no-entry",
                "-Wl,--export=" + CMatMulSource.ENTRY_POINT,
                "-Wl,--import-memory",
                // The kernel keeps everything in wasm locals; without this wasm-ld would reserve a 64 KiB
                // shadow stack in the page's memory and make the import demand 2 pages instead of 1.
                "-Wl,-z,stack-size=0",
                "-Wl,--initial-memory=" + (long) memory.minPages() * PAGE_BYTES,
                // Names and producer sections: V8 skips them, and the JIT's modules have none.
                "-Wl,--strip-all"));
        if (memory.shared()) {
            flags.add("-Wl,--shared-memory");
            memory.maxPages().ifPresent(max -> flags.add("-Wl,--max-memory=" + (long) max * PAGE_BYTES));
        }
        return flags;
    }
}
